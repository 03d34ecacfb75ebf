namespace Coc.Core.Storage.Encryption;

/// <summary>The key ring in a file of its own (mode 0600), made on first start with one random key.</summary>
public static class SecretsKeyFile
{
    public static SecretsKeyRing LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            try
            {
                PrivateFiles.WriteNew(path, SecretsKeyRing.Generate().Export());
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process (an admin command beside the server) made it first: use theirs.
            }
        }
        return SecretsKeyRing.Parse(File.ReadAllText(path));
    }

    /// <summary>Replaces the file's ring (written beside it, then renamed over it).</summary>
    public static void Save(string path, SecretsKeyRing ring) => PrivateFiles.Replace(path, ring.Export());
}
