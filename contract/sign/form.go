package sign

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// FormSDKHMACSHA256 is the x-specdrift-signature value that names this
// package's signature: a security scheme that declares it (an apiKey scheme
// in header Authorization, say) wants an SDK-HMAC-SHA256 Authorization
// header and a signed X-Sdk-Date.
const FormSDKHMACSHA256 = "sdk-hmac-sha256"

// Form is a request signature as a security scheme's x-specdrift-signature
// extension names it: what a signed request carries, and how to tell a
// well-formed one without the secret key.
type Form struct {
	Name  string // the extension's value: FormSDKHMACSHA256
	Wants string // what a signed request carries, for messages
	// Check returns nil when h carries a well-formed signature of the
	// form, else why not (without the signature).
	Check func(h http.Header) error
	// Sign signs req with the access and secret keys at now.
	Sign func(req *http.Request, ak, sk string, now time.Time) error
	// Headers are the headers a signature of the form sets.
	Headers []string
	// KeyEnv names the environment variables the form's own SDKs read the
	// access and secret keys from, which a command that signs requests
	// reads when it is given no keys of its own.
	KeyEnv [2]string
}

// FormNamed returns the signature form an x-specdrift-signature value
// names (case-insensitively); ok is false for a form this package does not
// know.
func FormNamed(name string) (f Form, ok bool) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case FormSDKHMACSHA256:
		return Form{Name: FormSDKHMACSHA256,
			Wants: "Authorization: " + Algorithm + " Access=..., SignedHeaders=..., Signature=... with " + HeaderDate,
			Check: CheckForm, Sign: Sign, Headers: []string{"Authorization", HeaderDate},
			KeyEnv: [2]string{"HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"}}, true
	}
	return Form{}, false
}

// CheckForm returns nil when h carries a well-formed SDK-HMAC-SHA256
// Authorization header that signs X-Sdk-Date, and a well-formed
// X-Sdk-Date; else why not. It checks the form only: without the secret
// key it cannot tell whether the signature is valid. The errors wrap
// ErrMissingAuthorization, ErrMalformedAuthorization, ErrMissingDate,
// ErrMalformedDate or ErrDateNotSigned, and never contain the signature.
func CheckForm(h http.Header) error {
	value := h.Get("Authorization")
	if value == "" {
		return ErrMissingAuthorization
	}
	auth, err := Parse(value)
	if err != nil {
		return err
	}
	if _, err := parseDate(h.Get(HeaderDate)); err != nil {
		return err
	}
	if !containsFold(auth.SignedHeaders, HeaderDate) {
		return fmt.Errorf("%w (SignedHeaders=%s)", ErrDateNotSigned, strings.Join(auth.SignedHeaders, ";"))
	}
	return nil
}
