using System.IO;
using System.IO.Compression;

namespace Icws.Package.Tests;

/// <summary>Reads one entry of a packed .nupkg (a zip).</summary>
internal static class NupkgEntry
{
    public static string Read(ZipArchive zip, string entry)
    {
        using var reader = new StreamReader(zip.GetEntry(entry)!.Open());
        return reader.ReadToEnd();
    }

    /// <summary>The entry copied into memory (an assembly to inspect needs a seekable stream).</summary>
    public static MemoryStream Open(ZipArchive zip, string entry)
    {
        var memory = new MemoryStream();
        using (var stream = zip.GetEntry(entry)!.Open())
        {
            stream.CopyTo(memory);
        }

        memory.Position = 0;
        return memory;
    }
}
