namespace Coc.Client.Tests;

/// <summary>One in-process emulator (emulator mode) per test class.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public CocEmulator Coc { get; private set; } = null!;

    public async Task InitializeAsync() => Coc = await CocEmulator.StartAsync();

    public async Task DisposeAsync() => await Coc.DisposeAsync();

    /// <summary>A client in a project of its own, so tests of one class do not see each other's tickets.</summary>
    public CocClient InOwnProject() => Coc.CreateClient(o => o.ProjectId = "p" + Guid.NewGuid().ToString("N")[..12]);
}

/// <summary>One in-process emulator in secure mode per test class.</summary>
public sealed class SecureEmulatorFixture : IAsyncLifetime
{
    public CocEmulator Coc { get; private set; } = null!;

    public async Task InitializeAsync() => Coc = await CocEmulator.StartAsync(new CocEmulatorOptions { Secure = true });

    public async Task DisposeAsync() => await Coc.DisposeAsync();
}
