namespace Recommender.Core.Events;

/// <summary>
/// The ids of the events seen lately, at most <c>capacity</c> of them, the oldest forgotten first: enough
/// to recognise a redelivered event, which comes back within minutes, without growing for ever.
/// </summary>
public sealed class RecentEventIds(int capacity)
{
    readonly HashSet<string> ids = [];
    readonly Queue<string> order = new();

    /// <summary>Records <paramref name="id"/>; false when it was seen already.</summary>
    public bool Add(string id)
    {
        if (!ids.Add(id)) return false;
        order.Enqueue(id);
        if (order.Count > capacity) ids.Remove(order.Dequeue());
        return true;
    }
}
