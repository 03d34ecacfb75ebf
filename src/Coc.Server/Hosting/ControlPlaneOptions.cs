namespace Coc.Server.Hosting;

/// <summary><c>Coc:ControlPlane:*</c>. In emulator mode the whole control plane is open; in secure mode only to
/// <c>coc:admin</c> callers, and fault injection and the clock only when these are true.</summary>
public sealed class ControlPlaneOptions
{
    public bool AllowFaults { get; set; }
    public bool AllowClock { get; set; }
}
