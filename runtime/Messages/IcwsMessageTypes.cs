using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.ComponentModel;
using System.Threading;

namespace Icws.Runtime
{
    /// <summary>
    /// Message types declared by projects' own spec files (<c>*.icws.json</c>). The standard messages are compiled into
    /// this package and decoded by the client's decoder; a project's messages are compiled into that project, whose
    /// generated code registers its decoder here when its assembly loads. The message pump asks here for a
    /// <c>__type</c> the standard decoder does not know. Used by generated code; not for user code.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class IcwsMessageTypes
    {
        private static ImmutableDictionary<string, IIcwsMessageDecoder> s_decoders = ImmutableDictionary.Create<string, IIcwsMessageDecoder>(StringComparer.Ordinal);

        /// <summary>
        /// Registers the decoder of a project's messages for their <c>__type</c>s. The first registration of a
        /// <c>__type</c> wins (two libraries declaring one message type decode it the same way).
        /// </summary>
        /// <param name="decoder">Decodes the messages.</param>
        /// <param name="typeUrns">The <c>__type</c> of every message the decoder knows.</param>
        public static void Register(IIcwsMessageDecoder decoder, IEnumerable<string> typeUrns)
        {
            ArgumentNullException.ThrowIfNull(decoder);
            ArgumentNullException.ThrowIfNull(typeUrns);
            foreach (var urn in typeUrns)
            {
                if (!string.IsNullOrEmpty(urn))
                {
                    ImmutableInterlocked.TryAdd(ref s_decoders, urn, decoder);
                }
            }
        }

        /// <summary>The registered decoder of a <c>__type</c>.</summary>
        internal static bool TryGet(string typeUrn, out IIcwsMessageDecoder decoder)
        {
            var decoders = Volatile.Read(ref s_decoders);
            if (decoders.Count == 0 || typeUrn.Length == 0)
            {
                decoder = null!;
                return false;
            }

            return decoders.TryGetValue(typeUrn, out decoder!);
        }
    }
}
