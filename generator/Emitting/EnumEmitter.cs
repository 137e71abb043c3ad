using System.Collections.Generic;
using System.Globalization;
using Icws.Generator.Model;

namespace Icws.Generator.Emitting
{
    /// <summary>Emits the ICWS contract enums, one file each. They travel as their integer values.</summary>
    internal static class EnumEmitter
    {
        // public enum QueueType
        // {
        //     System = 0,
        //     ...
        // }
        public static IEnumerable<GeneratedFile> Emit(ApiModel model)
        {
            foreach (var e in model.Enums)
            {
                var w = Emitter.StartFile(model);
                Docs.Summary(w, e.Description, $"The ICWS enumeration {e.Name}.");
                var remarks = (e.Urn is null ? string.Empty : $"ICWS contract <c>{Docs.Escape(e.Urn)}</c>. ") + "Sent as its integer value. " + Docs.SourceNote(e.Source);
                Docs.Raw(w, "remarks", remarks.Trim());
                w.Line(Names.GeneratedCode);
                if (e.Flags)
                {
                    w.Line(Names.Flags);
                }

                w.Line($"public enum {e.Name}");
                w.Open();
                foreach (var value in e.Values)
                {
                    Docs.Summary(w, value.Description, value.Name + ".");
                    w.Line($"{value.Name} = {value.Value.ToString(CultureInfo.InvariantCulture)},");
                }

                w.Close();
                yield return new GeneratedFile(e.Name, Emitter.EndFile(w));
            }
        }
    }
}
