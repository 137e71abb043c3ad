using System;
using System.Collections.Immutable;

namespace Icws.Analyzers.Knowledge
{
    /// <summary>Finds the known name nearest to an unknown one (edit distance, case-insensitive).</summary>
    internal static class NameSuggestions
    {
        /// <summary>
        /// The known name with the smallest optimal-string-alignment distance (insert, delete, substitute, swap
        /// neighbours), compared case-insensitively. Ties go to a name that contains the unknown one (State finds
        /// Eic_State), then to catalog order, so the answer is deterministic.
        /// </summary>
        public static KnownName? Nearest(string name, ImmutableArray<KnownName> known)
        {
            KnownName? best = null;
            var bestDistance = int.MaxValue;
            var bestContains = false;
            var upper = name.ToUpperInvariant();
            foreach (var candidate in known)
            {
                var candidateUpper = candidate.Name.ToUpperInvariant();
                var distance = Distance(upper, candidateUpper, bestDistance);
                var contains = upper.Length > 0 && candidateUpper.IndexOf(upper, StringComparison.Ordinal) >= 0;
                if (distance < bestDistance || (distance == bestDistance && contains && !bestContains))
                {
                    best = candidate;
                    bestDistance = distance;
                    bestContains = contains;
                }
            }

            return best;
        }

        /// <summary>Optimal string alignment distance; stops early once every entry of a row exceeds <paramref name="limit"/>.</summary>
        internal static int Distance(string a, string b, int limit)
        {
            if (Math.Abs(a.Length - b.Length) > limit)
            {
                return int.MaxValue;
            }

            var previousPrevious = new int[b.Length + 1];
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (var j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                var rowMin = current[0];
                for (var j = 1; j <= b.Length; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    {
                        value = Math.Min(value, previousPrevious[j - 2] + 1);
                    }

                    current[j] = value;
                    rowMin = Math.Min(rowMin, value);
                }

                if (rowMin > limit)
                {
                    return int.MaxValue;
                }

                var recycled = previousPrevious;
                previousPrevious = previous;
                previous = current;
                current = recycled;
            }

            return previous[b.Length];
        }
    }
}
