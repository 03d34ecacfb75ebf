using Coc.Core.Auth;

namespace Coc.Server.Tests;

/// <summary>
/// The suite's servers hash passwords at a low PBKDF2 count (<c>Coc:PasswordIterations</c>), so that sign-ins
/// take microseconds rather than ~0.5 s each; production's default stays 600,000 (tested on its own).
/// </summary>
public static class TestPasswords
{
    public const int Iterations = 1_000;

    public static KeyValuePair<string, string> Setting => KeyValuePair.Create("Coc:PasswordIterations", Iterations.ToString());

    public static string Hash(string password) => new PasswordHasher(Iterations).Hash(password);
}
