using System.IO;

namespace Icws.SpecImporter;

/// <summary>Finds the repository (the folder holding Icws.Generated.sln) from a folder inside it.</summary>
public static class RepositoryRoot
{
    public static string Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Icws.Generated.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Not inside the Icws.Generated repository: " + start);
    }
}
