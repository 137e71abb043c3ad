using System;
using System.Collections.Generic;

namespace Icws.Generator.Emitting
{
    /// <summary>
    /// Picks the names of a generated method's locals and lambda parameters so that none equals one of its parameters
    /// (which come from the spec): "path" stays "path" unless a parameter is called path, then it is "path_". These
    /// names are invisible to users, so a clash is resolved here instead of being reported on the spec.
    /// </summary>
    internal sealed class LocalNames
    {
        private readonly HashSet<string> _taken;

        public LocalNames(IEnumerable<string> parameters) => _taken = new HashSet<string>(parameters, StringComparer.Ordinal);

        /// <summary>A fresh name based on <paramref name="wanted"/>, taken from now on.</summary>
        public string Take(string wanted)
        {
            var name = wanted;
            while (!_taken.Add(name))
            {
                name += "_";
            }

            return name;
        }
    }
}
