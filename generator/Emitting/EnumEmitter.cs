using System.Globalization;
using Icws.Generator.Model;

namespace Icws.Generator.Emitting
{
    /// <summary>Emits the ICWS contract enums. They travel as their integer values.</summary>
    internal static class EnumEmitter
    {
        // public enum QueueType
        // {
        //     System = 0,
        //     ...
        // }
        public static string Emit(ModelIndex index)
        {
            var w = Emitter.StartFile(index.Namespace);
            var first = true;
            foreach (var e in index.Model.Enums)
            {
                if (!first)
                {
                    w.Line();
                }

                first = false;
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
            }

            Emitter.EndFile(w);
            return w.ToString();
        }
    }
}
