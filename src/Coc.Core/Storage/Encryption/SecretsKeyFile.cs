namespace Coc.Core.Storage.Encryption;

/// <summary>The key ring in a file of its own (mode 0600), made on first start with one random key.</summary>
public static class SecretsKeyFile
{
    public static SecretsKeyRing LoadOrCreate(string path)
    {
        // Another process (a second instance, an admin command) may make it at the same moment: the first one wins.
        if (!File.Exists(path)) PrivateFiles.TryCreate(path, SecretsKeyRing.Generate().Export());
        return SecretsKeyRing.Parse(File.ReadAllText(path));
    }

    /// <summary>Replaces the file's ring (written beside it, then renamed over it).</summary>
    public static void Save(string path, SecretsKeyRing ring) => PrivateFiles.Replace(path, ring.Export());
}
