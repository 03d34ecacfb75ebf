using Coc.Core.Alarms;
using Coc.Core.Storage;
using Coc.Server.Auth;

namespace Coc.Server.Features.ControlPlane;

/// <summary>What the server holds in memory from the database: dropped whenever the control plane changes the
/// database underneath (reset, restore, import), so that no answer comes from the state before.</summary>
public sealed class StateCaches(ITicketStore tickets, IntegrationService integrations, Tenancy tenancy)
{
    public void DropAll()
    {
        (tickets as CachedTicketStore)?.ForgetAll();
        integrations.ForgetCached();
        tenancy.ForgetCached();
    }
}
