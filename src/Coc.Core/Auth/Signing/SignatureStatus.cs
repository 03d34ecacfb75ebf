namespace Coc.Core.Auth.Signing;

public enum SignatureStatus
{
    Success,
    MissingAuthorization,
    Malformed,
    UnknownAccessKey,
    MissingSignedHeader,
    DateMissingOrMalformed,
    Expired,
    SignatureMismatch,
}
