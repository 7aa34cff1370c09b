using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Recommender.Core.Storage;

/// <summary>
/// One read statement compiled once per connection and kept for the next read, rather than parsed and planned on every
/// read (about half of SQLite's CPU in a personalised request, perf at 8 in flight). A read takes a kept command or
/// prepares one on a connection of its own, and gives it back when done.
/// </summary>
/// <remarks>
/// At most <see cref="MaxKept"/> commands are kept: each holds an open connection and its page cache (up to SQLite's
/// default 2 MB), and a burst of reads at once, an attacker's included, would otherwise leave as many connections open
/// for the process's life. Reads beyond it still run, each on its own connection, closed when it ends.
/// </remarks>
public sealed class PreparedReads : IDisposable
{
    readonly SqliteFile _file;
    readonly string _sql;
    readonly string[] _parameters;
    readonly ConcurrentBag<SqliteCommand> _kept = [];
    int _keptCount;
    bool _disposed;

    /// <param name="maxKept">Defaults to four a core (at least 8): a request holds its command only for the read.</param>
    public PreparedReads(SqliteFile file, string sql, string[] parameters, int? maxKept = null)
    {
        _file = file;
        _sql = sql;
        _parameters = parameters;
        MaxKept = maxKept ?? Math.Max(8, 4 * Environment.ProcessorCount);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxKept);
    }

    public int MaxKept { get; }

    /// <summary>The commands kept for the next reads.</summary>
    public int KeptCount => Volatile.Read(ref _keptCount);

    /// <summary>A prepared command on a connection of the caller's alone until <see cref="Return"/>.</summary>
    public SqliteCommand Take()
    {
        if (_kept.TryTake(out var command))
        {
            Interlocked.Decrement(ref _keptCount);
            return command;
        }
        command = _file.OpenReader().CreateCommand();
        command.CommandText = _sql;
        foreach (var name in _parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name, Value = 0 });
        command.Prepare();
        return command;
    }

    public void Return(SqliteCommand command)
    {
        if (Interlocked.Increment(ref _keptCount) <= MaxKept)
        {
            _kept.Add(command);
            // A read that ended after Dispose does not leave its connection open.
            if (!Volatile.Read(ref _disposed)) return;
            DisposeKept();
            return;
        }
        Interlocked.Decrement(ref _keptCount);
        Close(command);
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        DisposeKept();
    }

    void DisposeKept()
    {
        while (_kept.TryTake(out var command))
        {
            Interlocked.Decrement(ref _keptCount);
            Close(command);
        }
    }

    static void Close(SqliteCommand command)
    {
        command.Dispose();
        command.Connection!.Dispose();
    }
}
