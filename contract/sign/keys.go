package sign

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// ReadKeys reads access keys and their secret keys, one pair a line:
// "AK SK" or "AK,SK", or the credentials.csv that Huawei Cloud's console
// gives ("User Name,Access Key Id,Secret Access Key", then one user a
// line). Blank lines and lines starting with "#" are skipped. name is the
// file's name for errors, which give its line and never a secret key.
func ReadKeys(name string, r io.Reader) (map[string]string, error) {
	keys := map[string]string{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if strings.Contains(line, ",") {
			fields = nil
			for _, f := range strings.Split(line, ",") {
				fields = append(fields, strings.Trim(strings.TrimSpace(f), `"`))
			}
			if len(fields) == 3 { // credentials.csv: user name, AK, SK
				if strings.EqualFold(fields[1], "Access Key Id") {
					continue
				}
				fields = fields[1:]
			}
		}
		if len(fields) != 2 || fields[0] == "" || fields[1] == "" {
			return nil, fmt.Errorf("%s:%d: want an access key and its secret key (AK SK, AK,SK or the console's credentials.csv)", name, n)
		}
		ak, sk := fields[0], fields[1]
		if strings.ContainsAny(ak, " \t=") {
			return nil, fmt.Errorf("%s:%d: the access key %q has a space or '='", name, n, ak)
		}
		if old, ok := keys[ak]; ok && old != sk {
			return nil, fmt.Errorf("%s:%d: the access key %s is given again with another secret key", name, n, ak)
		}
		keys[ak] = sk
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s: no access key", name)
	}
	return keys, nil
}
