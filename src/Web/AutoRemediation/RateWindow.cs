namespace Dashboard.Web.AutoRemediation;

/// <summary>At most <c>limit</c> attempts in any 60 seconds, over the whole node (MaxPerMinute).</summary>
internal sealed class RateWindow(int limit)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Queue<DateTimeOffset> _taken = new();

    /// <summary>Takes a slot at <paramref name="now"/>; false when the window is full.</summary>
    public bool TryTake(DateTimeOffset now)
    {
        while (_taken.TryPeek(out var oldest) && now - oldest >= Window) _taken.Dequeue();
        if (_taken.Count >= limit) return false;
        _taken.Enqueue(now);
        return true;
    }

    /// <summary>When the next slot frees.</summary>
    public DateTimeOffset NextFree(DateTimeOffset now) => _taken.TryPeek(out var oldest) ? oldest + Window : now;
}
