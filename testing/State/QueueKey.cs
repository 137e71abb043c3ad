namespace Icws.Simulator.State;

/// <summary>A queue id <c>{queueType, queueName}</c>; names compare case-insensitively, as CIC user and workgroup names do.</summary>
internal readonly record struct QueueKey(int Type, string Name)
{
    public const int SystemType = 0;
    public const int UserType = 1;
    public const int WorkgroupType = 2;
    public const int StationType = 3;

    public static QueueKey System(string userId) => new(SystemType, userId);
    public static QueueKey User(string userId) => new(UserType, userId);
    public static QueueKey Workgroup(string name) => new(WorkgroupType, name);

    public bool IsPersonal => Type is SystemType or UserType;

    public bool Equals(QueueKey other) =>
        Type == other.Type && string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() => HashCode.Combine(Type, StringComparer.OrdinalIgnoreCase.GetHashCode(Name));

    public SimulatedQueue ToPublic() => new(Type, Name);
}
