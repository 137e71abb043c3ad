using System.ComponentModel;

namespace Icws.Runtime
{
    /// <summary>
    /// Where a value stands in ICWS JSON, for error messages: the type (or endpoint) and the JSON name, joined only when
    /// an error is reported. Generated code passes the two names as separate literals, which an assembly stores once
    /// each however many properties share them (the whole API has thousands of properties and a few hundred names).
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct IcwsJsonPath
    {
        /// <summary>A path of a type (or endpoint) and one of its JSON names.</summary>
        /// <param name="owner">The type or endpoint, e.g. <c>QueueId</c>.</param>
        /// <param name="name">The JSON name, e.g. <c>queueName</c>; empty for the owner itself.</param>
        public IcwsJsonPath(string owner, string name)
        {
            Owner = owner;
            Name = name;
        }

        /// <summary>The type or endpoint.</summary>
        public string Owner { get; }

        /// <summary>The JSON name (empty for the owner itself).</summary>
        public string Name { get; }

        /// <summary>A path given as one piece of text (<c>Owner.name</c>).</summary>
        /// <param name="path">The text.</param>
        public static implicit operator IcwsJsonPath(string path) => new(path, string.Empty);

        /// <summary>The path of a member of this value (a map entry, <c>[]</c> for a list item).</summary>
        /// <param name="member">The member's name.</param>
        /// <returns>The longer path.</returns>
        public IcwsJsonPath Then(string member) => new(ToString(), member);

        /// <inheritdoc />
        public override string ToString() => string.IsNullOrEmpty(Name) ? Owner ?? string.Empty : Owner + (Name.StartsWith('[') ? Name : "." + Name);
    }
}
