package modelreg

import (
	"context"
	"errors"
	"fmt"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// ErrorDomain is the google.rpc.ErrorInfo domain of every error the modelreg server returns.
const ErrorDomain = "modelreg"

// Error is a call the server (or the transport) refused. It carries the gRPC status code and, when
// the server sent one, the google.rpc.ErrorInfo reason (e.g. "ALIAS_NOT_FOUND") and metadata.
//
// Errors compare with errors.Is by code, and by reason when the target names one:
//
//	errors.Is(err, modelreg.ErrNotFound)                                    // any NOT_FOUND
//	errors.Is(err, &modelreg.Error{Code: codes.NotFound, Reason: "ALIAS_NOT_FOUND"}) // that reason only
//
// and errors.As(err, &e) with e *modelreg.Error gives the details.
type Error struct {
	Code     codes.Code
	Reason   string
	Metadata map[string]string
	Message  string
	// Domain is the ErrorInfo domain, ErrorDomain for the registry's own errors.
	Domain string

	status *status.Status
}

func (e *Error) Error() string {
	msg := e.Message
	if msg == "" {
		msg = CodeName(e.Code)
	}
	if e.Reason != "" {
		return fmt.Sprintf("modelreg: %s: %s [%s]", CodeName(e.Code), msg, e.Reason)
	}
	return fmt.Sprintf("modelreg: %s: %s", CodeName(e.Code), msg)
}

// Is matches another *Error with the same code and, if the target has a reason, the same reason.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	return t.Code == e.Code && (t.Reason == "" || t.Reason == e.Reason)
}

// GRPCStatus returns the original status, so status.FromError and status.Code keep working.
func (e *Error) GRPCStatus() *status.Status {
	if e.status != nil {
		return e.status
	}
	return status.New(e.Code, e.Message)
}

// Sentinels for errors.Is, one per status code the registry uses.
var (
	ErrInvalidArgument    = &Error{Code: codes.InvalidArgument}
	ErrNotFound           = &Error{Code: codes.NotFound}
	ErrAlreadyExists      = &Error{Code: codes.AlreadyExists}
	ErrConflict           = &Error{Code: codes.Aborted} // compare-and-swap or etag mismatch
	ErrFailedPrecondition = &Error{Code: codes.FailedPrecondition}
	ErrOutOfRange         = &Error{Code: codes.OutOfRange}
	ErrResourceExhausted  = &Error{Code: codes.ResourceExhausted}
	ErrPermissionDenied   = &Error{Code: codes.PermissionDenied}
	ErrUnauthenticated    = &Error{Code: codes.Unauthenticated}
	ErrUnavailable        = &Error{Code: codes.Unavailable}
	ErrDeadlineExceeded   = &Error{Code: codes.DeadlineExceeded}
	ErrDataLoss           = &Error{Code: codes.DataLoss}
	ErrInternal           = &Error{Code: codes.Internal}
)

// IsNotFound reports whether err is a NOT_FOUND error (a model, version or alias that does not exist).
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// IsConflict reports whether err is an ABORTED error (ALIAS_CONFLICT, ETAG_MISMATCH).
func IsConflict(err error) bool { return errors.Is(err, ErrConflict) }

// Reason returns the ErrorInfo reason of err (a *Error or *IntegrityError), or "".
func Reason(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	var ie *IntegrityError
	if errors.As(err, &ie) {
		return ie.Reason
	}
	return ""
}

// FromError converts an error returned by a gRPC call into an *Error, reading the ErrorInfo from
// the status details. Context errors and nil pass through unchanged; so does an *Error.
func FromError(err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	st, ok := status.FromError(err)
	if !ok {
		return err
	}
	out := &Error{Code: st.Code(), Message: st.Message(), status: st}
	for _, detail := range st.Details() {
		if info, ok := detail.(*errdetails.ErrorInfo); ok {
			out.Reason = info.GetReason()
			out.Domain = info.GetDomain()
			out.Metadata = info.GetMetadata()
			break
		}
	}
	return out
}

// ErrIntegrity matches every *IntegrityError with errors.Is.
var ErrIntegrity = errors.New("modelreg: integrity check failed")

// IntegrityError means the client rejected downloaded bytes: a chunk that does not decode to its
// declared size, does not hash to its digest, or a file whose content does not hash to its sha256.
// Reason is one of CORRUPT_CHUNK, CHUNK_SIZE_MISMATCH, CHUNK_DIGEST_MISMATCH, CHUNK_TOO_LARGE,
// INVALID_CODEC, FILE_DIGEST_MISMATCH, UNEXPECTED_CHUNK or INCOMPLETE; or, for a manifest refused
// before anything is written, INVALID_PATH, DUPLICATE_PATH, PATH_COLLISION, INVALID_MANIFEST,
// TREE_DIGEST_MISMATCH or VERSION_DIGEST_MISMATCH.
type IntegrityError struct {
	Reason string
	// Path is the file concerned, if known.
	Path string
	// Offset is the byte offset in the version's concatenated content, if known (else -1).
	Offset int64
	Msg    string
}

func (e *IntegrityError) Error() string {
	where := ""
	if e.Path != "" {
		where = e.Path + ": "
	}
	if e.Offset >= 0 {
		where += fmt.Sprintf("at offset %d: ", e.Offset)
	}
	return fmt.Sprintf("modelreg: integrity: %s%s [%s]", where, e.Msg, e.Reason)
}

// Is makes errors.Is(err, ErrIntegrity) true.
func (e *IntegrityError) Is(target error) bool { return target == ErrIntegrity }

// CodeName is the canonical upper-case name of a gRPC code, e.g. "NOT_FOUND".
func CodeName(c codes.Code) string {
	if int(c) < len(codeNames) {
		return codeNames[c]
	}
	return fmt.Sprintf("CODE(%d)", uint32(c))
}

var codeNames = [...]string{
	"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
	"ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
	"OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
}
