using Microsoft.Data.Sqlite;

namespace Recommender.Core.Storage;

/// <summary>
/// A store's SQLite file in the data folder (profiles, engagement, click-through counts, sent digests), opened the same
/// way by each: the folder and the file created if missing, the store's schema run (its PRAGMAs and
/// <c>CREATE … IF NOT EXISTS</c>), one connection kept open for the store's writes, and short-lived pooled connections
/// for reads, which WAL lets run while the writer writes.
/// </summary>
public sealed class SqliteFile : IDisposable
{
    readonly string _connectionString;

    SqliteFile(string connectionString, SqliteConnection writer)
    {
        _connectionString = connectionString;
        Writer = writer;
    }

    /// <summary>The connection the store writes through, open for the store's life.</summary>
    public SqliteConnection Writer { get; }

    public static SqliteFile Open(string directory, string fileName, string schemaSql)
    {
        Directory.CreateDirectory(directory);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, fileName), Pooling = true }.ToString();
        var writer = new SqliteConnection(connectionString);
        writer.Open();
        using var schema = writer.CreateCommand();
        schema.CommandText = schemaSql;
        schema.ExecuteNonQuery();
        return new SqliteFile(connectionString, writer);
    }

    /// <summary>A connection of the caller's own, open; disposing it gives it back to the pool.</summary>
    public SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Closes the writer and the pooled readers, so that nothing holds the file once the store is gone.</summary>
    public void Dispose()
    {
        SqliteConnection.ClearPool(Writer);
        Writer.Dispose();
    }
}
