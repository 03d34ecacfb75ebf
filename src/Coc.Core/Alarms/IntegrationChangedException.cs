namespace Coc.Core.Alarms;

/// <summary>The integration a delivery was checked against changed (disabled, re-keyed, renamed or re-ruled) before its
/// write: the delivery is looked up again from storage and re-applied, or refused.</summary>
public sealed class IntegrationChangedException() : Exception("the integration changed while its delivery was applied");
