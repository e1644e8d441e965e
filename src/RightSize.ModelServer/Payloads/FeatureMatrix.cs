using System.Buffers;

namespace RightSize.ModelServer.Payloads;

/// <summary>Rows of float32 features (NaN = missing) in one pooled buffer; return it with <see cref="Dispose"/>.</summary>
internal sealed class FeatureMatrix : IDisposable
{
    private float[] _buffer;

    public FeatureMatrix(int columns, int rowCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        Columns = columns;
        _buffer = ArrayPool<float>.Shared.Rent(columns * Math.Max(rowCapacity, 1));
    }

    public int Columns { get; }

    public int Rows { get; private set; }

    public ReadOnlySpan<float> Values => _buffer.AsSpan(0, Rows * Columns);

    /// <summary>Appends a row and returns it to be filled in.</summary>
    public Span<float> AddRow()
    {
        var end = (Rows + 1) * Columns;
        if (end > _buffer.Length)
        {
            var larger = ArrayPool<float>.Shared.Rent(Math.Max(end, _buffer.Length * 2));
            _buffer.AsSpan(0, Rows * Columns).CopyTo(larger);
            ArrayPool<float>.Shared.Return(_buffer);
            _buffer = larger;
        }

        Rows++;
        return _buffer.AsSpan(end - Columns, Columns);
    }

    public void Dispose()
    {
        ArrayPool<float>.Shared.Return(_buffer);
        _buffer = [];
        Rows = 0;
    }
}
