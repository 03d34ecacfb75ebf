namespace Coc.Core.Auth.Signing;

public enum SignatureStatus
{
    Success,
    MissingAuthorization,
    Malformed,
    UnknownAccessKey,
    MissingSignedHeader,
    RequiredHeaderNotSigned,
    DateMissingOrMalformed,
    Expired,
    SignatureMismatch,
    PayloadHashMismatch,
    AmbiguousQuery,
}
