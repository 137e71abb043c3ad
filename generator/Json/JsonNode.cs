using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace Icws.Generator.Json
{
    /// <summary>A parsed JSON value with its span in the spec file, so errors can point at it.</summary>
    internal abstract class JsonNode
    {
        protected JsonNode(TextSpan span) => Span = span;

        public TextSpan Span { get; }

        /// <summary>Name of the JSON kind, for messages such as "expected a string, found an array".</summary>
        public abstract string KindName { get; }
    }

    internal sealed class JsonObject : JsonNode
    {
        public JsonObject(TextSpan span, List<JsonMember> members)
            : base(span) => Members = members;

        public List<JsonMember> Members { get; }

        public override string KindName => "an object";

        public JsonMember? Find(string name)
        {
            foreach (var member in Members)
            {
                if (member.Name == name)
                {
                    return member;
                }
            }

            return null;
        }
    }

    internal sealed class JsonMember
    {
        public JsonMember(string name, TextSpan nameSpan, JsonNode value)
        {
            Name = name;
            NameSpan = nameSpan;
            Value = value;
        }

        public string Name { get; }

        public TextSpan NameSpan { get; }

        public JsonNode Value { get; }
    }

    internal sealed class JsonArray : JsonNode
    {
        public JsonArray(TextSpan span, List<JsonNode> items)
            : base(span) => Items = items;

        public List<JsonNode> Items { get; }

        public override string KindName => "an array";
    }

    internal sealed class JsonString : JsonNode
    {
        public JsonString(TextSpan span, string value)
            : base(span) => Value = value;

        public string Value { get; }

        public override string KindName => "a string";
    }

    internal sealed class JsonNumber : JsonNode
    {
        public JsonNumber(TextSpan span, string text, long? integer)
            : base(span)
        {
            Text = text;
            Integer = integer;
        }

        public string Text { get; }

        /// <summary>The value when it is a whole number that fits a long; otherwise null.</summary>
        public long? Integer { get; }

        public override string KindName => "a number";
    }

    internal sealed class JsonBoolean : JsonNode
    {
        public JsonBoolean(TextSpan span, bool value)
            : base(span) => Value = value;

        public bool Value { get; }

        public override string KindName => Value ? "true" : "false";
    }

    internal sealed class JsonNull : JsonNode
    {
        public JsonNull(TextSpan span)
            : base(span)
        {
        }

        public override string KindName => "null";
    }
}
