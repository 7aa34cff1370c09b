using Microsoft.Data.Sqlite;
using Recommender.Core.Storage;

namespace Recommender.Core.Tests.Storage;

public sealed class PreparedReadsTests : IDisposable
{
    readonly string _directory = Directory.CreateTempSubdirectory("prepared-").FullName;
    readonly SqliteFile _file;

    public PreparedReadsTests() =>
        _file = SqliteFile.Open(_directory, "t.db", "CREATE TABLE IF NOT EXISTS t (n INTEGER); INSERT INTO t VALUES (1), (2), (3);");

    public void Dispose()
    {
        _file.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    static long Count(SqliteCommand command, long above)
    {
        command.Parameters["$above"].Value = above;
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public void A_returned_command_is_taken_again_already_prepared_on_its_own_connection()
    {
        using var reads = new PreparedReads(_file, "SELECT count(*) FROM t WHERE n > $above", ["$above"], maxKept: 2);
        var first = reads.Take();
        var second = reads.Take();
        Assert.NotSame(first.Connection, second.Connection);
        Assert.Equal(2, Count(first, 1));
        Assert.Equal(0, Count(second, 3));
        reads.Return(first);

        Assert.Same(first, reads.Take());
        Assert.Equal(3, Count(first, 0));
    }

    [Fact]
    public void Reads_at_once_beyond_the_bound_run_and_close_their_connections_when_they_end()
    {
        using var reads = new PreparedReads(_file, "SELECT count(*) FROM t WHERE n > $above", ["$above"], maxKept: 3);
        var taken = Enumerable.Range(0, 10).Select(_ => reads.Take()).ToList();
        Assert.All(taken, command => Assert.Equal(1, Count(command, 2)));

        foreach (var command in taken) reads.Return(command);

        Assert.Equal(3, reads.KeptCount);
        Assert.All(taken.Take(3), command => Assert.Equal(System.Data.ConnectionState.Open, command.Connection!.State));
        Assert.All(taken.Skip(3), command => Assert.Equal(System.Data.ConnectionState.Closed, command.Connection!.State));
    }

    [Fact]
    public void A_read_that_ends_after_dispose_closes_its_connection()
    {
        var reads = new PreparedReads(_file, "SELECT count(*) FROM t WHERE n > $above", ["$above"]);
        var kept = reads.Take();
        var running = reads.Take();
        reads.Return(kept);

        reads.Dispose();
        reads.Return(running);

        Assert.Equal(0, reads.KeptCount);
        Assert.Equal(System.Data.ConnectionState.Closed, kept.Connection!.State);
        Assert.Equal(System.Data.ConnectionState.Closed, running.Connection!.State);
    }
}
