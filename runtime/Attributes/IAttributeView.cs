namespace Icws
{
    /// <summary>
    /// A typed view over an <see cref="AttributeMap"/>. The generator implements it on
    /// <c>InteractionAttributes</c>, whose properties turn Eic_* strings into enums, booleans and times;
    /// live watches hand out values of this type.
    /// </summary>
    /// <typeparam name="TSelf">The view type itself.</typeparam>
    public interface IAttributeView<TSelf>
        where TSelf : IAttributeView<TSelf>
    {
        /// <summary>Wraps a map in the view.</summary>
        static abstract TSelf Wrap(AttributeMap map);

        /// <summary>The raw attribute values.</summary>
        AttributeMap Map { get; }
    }
}
