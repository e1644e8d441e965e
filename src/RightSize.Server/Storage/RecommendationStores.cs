namespace RightSize.Server.Storage;

/// <summary>Opens the store a server is configured with.</summary>
public static class RecommendationStores
{
    public const string SqliteFileName = "rightsize.db";

    /// <summary>SQLite in <c>DIRECTORY/rightsize.db</c> (WAL mode); the directory is created.</summary>
    public static IRecommendationStore Sqlite(string directory, TimeProvider time)
    {
        Directory.CreateDirectory(directory);
        return new SqlRecommendationStore(new SqliteDatabase(Path.Combine(directory, SqliteFileName)), time);
    }

    /// <summary>PostgreSQL with an Npgsql connection string (<c>Host=...;Database=...;Username=...</c>).</summary>
    public static IRecommendationStore Postgres(string connectionString, TimeProvider time) =>
        new SqlRecommendationStore(new PostgresDatabase(connectionString), time);
}
