using System;
using System.IO;
using System.Linq;
using Icws.SpecImporter;

// Usage (from the repository root):
//   dotnet run --project tools/Icws.SpecImporter -- import   rewrites spec/*.spec.json from the facts, keeping curation
//   dotnet run --project tools/Icws.SpecImporter -- check    lists the differences between spec and facts not in differences.json
var command = args.FirstOrDefault() ?? "check";
var root = RepositoryRoot.Find(Directory.GetCurrentDirectory());
var facts = FactsFile.Load(Path.Combine(root, FactsFile.DefaultPath));
var differences = Differences.Load(Path.Combine(root, Differences.DefaultPath));
var specFolder = Path.Combine(root, "spec");

switch (command)
{
    case "import":
    {
        var importer = new Importer(facts, differences);
        var output = importer.Import(SpecSet.Load(specFolder, facts));
        foreach (var line in importer.Log)
        {
            Console.WriteLine(line);
        }

        foreach (var stale in Directory.GetFiles(specFolder, "*.spec.json").Where(f => !output.ContainsKey(Path.GetFileName(f))))
        {
            File.Delete(stale);
            Console.WriteLine("removed " + Path.GetFileName(stale));
        }

        foreach (var (file, text) in output)
        {
            File.WriteAllText(Path.Combine(specFolder, file), text);
        }

        Console.WriteLine($"wrote {output.Count} spec files");
        goto case "check";
    }

    case "check":
    {
        var found = Conformance.Compare(facts, SpecSet.Load(specFolder, facts));
        var unlisted = found.Where(d => !differences.Contains(d)).ToList();
        var stale = differences.Listed.Keys.Where(d => !found.Contains(d)).ToList();
        foreach (var d in unlisted)
        {
            Console.WriteLine("difference: " + d);
        }

        foreach (var d in stale)
        {
            Console.WriteLine("listed but gone: " + d);
        }

        Console.WriteLine($"{facts.Operations.Count} operations, {facts.Contracts.Count} contracts and enums; {found.Count} differences, {unlisted.Count} not listed, {stale.Count} listed but gone");
        return unlisted.Count + stale.Count == 0 ? 0 : 1;
    }

    default:
        Console.Error.WriteLine("usage: Icws.SpecImporter import|check");
        return 2;
}
