package main

import (
	"os"

	"github.com/spf13/pflag"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/outbound"
	"github.com/specdrift/specdrift/contract/sign"
)

// credentialFlags are the --token and --ak/--sk flags of the commands that
// send requests of their own (replay, probe).
type credentialFlags struct{ token, ak, sk string }

func (cf *credentialFlags) register(f *pflag.FlagSet) {
	f.StringVar(&cf.token, "token", "", "token sent where each operation's security wants one (default: $SPECDRIFT_TOKEN)")
	f.StringVar(&cf.ak, "ak", "", "access key for AK/SK signing (default: $SPECDRIFT_AK)")
	f.StringVar(&cf.sk, "sk", "", "secret key for AK/SK signing (default: $SPECDRIFT_SK)")
}

// resolve fills what the flags leave empty from the environment:
// SPECDRIFT_TOKEN, SPECDRIFT_AK and SPECDRIFT_SK, else the variables the
// SDKs of a signature the specs declare read their keys from
// (sign.Form.KeyEnv); and says whether the credentials make sense
// together, as a usage error.
func (cf credentialFlags) resolve(specs []*contract.Spec) (outbound.Credentials, error) {
	c := outbound.Credentials{Token: firstOf(cf.token, os.Getenv("SPECDRIFT_TOKEN")),
		AK: firstOf(cf.ak, os.Getenv("SPECDRIFT_AK")), SK: firstOf(cf.sk, os.Getenv("SPECDRIFT_SK"))}
	for _, env := range signatureKeyEnv(specs) {
		c.AK, c.SK = firstOf(c.AK, os.Getenv(env[0])), firstOf(c.SK, os.Getenv(env[1]))
	}
	if err := c.Check(); err != nil {
		if c.Token == "" {
			return c, usageError("AK/SK signing needs both --ak and --sk (or SPECDRIFT_AK and SPECDRIFT_SK)")
		}
		return c, usageError("%v (--token, --ak/--sk)", err)
	}
	return c, nil
}

// signatureKeyEnv lists, once each and in the order the specs declare
// them, the key variables of the signature forms their security schemes
// name.
func signatureKeyEnv(specs []*contract.Spec) [][2]string {
	var out [][2]string
	seen := map[string]bool{}
	for _, s := range specs {
		for _, o := range s.Operations {
			for _, alt := range o.Security() {
				for _, sc := range alt {
					f, ok := sign.FormNamed(sc.Signature)
					if !ok || f.KeyEnv == [2]string{} || seen[f.Name] {
						continue
					}
					seen[f.Name] = true
					out = append(out, f.KeyEnv)
				}
			}
		}
	}
	return out
}
