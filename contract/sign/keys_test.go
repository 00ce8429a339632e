package sign

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

func TestReadKeys(t *testing.T) {
	tests := []struct {
		name, file string
		want       map[string]string
		err        string
	}{
		{"pairs", "# the mock's keys\nAKONE S3cretOne\n\n  AKTWO\tS3cretTwo  \nAKONE S3cretOne\n",
			map[string]string{"AKONE": "S3cretOne", "AKTWO": "S3cretTwo"}, ""},
		{"comma-separated", "AKONE,S3cretOne\n", map[string]string{"AKONE": "S3cretOne"}, ""},
		{"the console's credentials.csv", "\ufeffUser Name,Access Key Id,Secret Access Key\n\"ops\",HPUAEXAMPLE,Ex4mpleSecret\n",
			map[string]string{"HPUAEXAMPLE": "Ex4mpleSecret"}, ""},
		{"a key without its secret", "AKONE S3cretOne\nAKTWO\n", nil, "keys.txt:2: want an access key and its secret key"},
		{"too many fields", "AKONE S3cret One\n", nil, "keys.txt:1: want an access key"},
		{"the same key, another secret", "AKONE S3cretOne\nAKONE S3cretTwo\n", nil, "keys.txt:2: the access key AKONE is given again with another secret key"},
		{"nothing", "# none\n", nil, "keys.txt: no access key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadKeys("keys.txt", strings.NewReader(tt.file))
			if tt.err != "" {
				require.ErrorContains(t, err, tt.err)
				require.NotContains(t, err.Error(), "S3cret", "no secret key in an error")
				return
			}
			require.NoError(t, err)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("keys (-want +got):\n%s", diff)
			}
		})
	}
}
