namespace Coc.Cli.Connection;

/// <summary>What the user must fix on the command line or in the environment (exit code 2).</summary>
public sealed class UsageException(string message) : Exception(message);
