using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RightSize.ModelServer.Xgboost;

/// <summary>
/// A loaded gbtree booster. All trees live in one packed node array; prediction walks them without allocating per row,
/// in blocks of rows so that each tree stays in cache while it scores the block (as xgboost's CPU predictor does).
/// </summary>
internal sealed class XgboostModel
{
    private const int RowBlock = 64;

    private readonly TreeNode[] _nodes;
    private readonly int[] _roots;
    private readonly int[] _treeGroups;
    private readonly float[] _baseMargins;

    /// <remarks>The reader validates that every split's feature and children are in range: scoring relies on it.</remarks>
    internal XgboostModel(
        XgboostObjective objective, int featureCount, int groupCount, float[] baseMargins, TreeNode[] nodes, int[] roots, int[] treeGroups)
    {
        Objective = objective;
        FeatureCount = featureCount;
        GroupCount = groupCount;
        _baseMargins = baseMargins;
        _nodes = nodes;
        _roots = roots;
        _treeGroups = treeGroups;
    }

    public XgboostObjective Objective { get; }

    public int FeatureCount { get; }

    /// <summary>Number of margins per row: the class count for multiclass objectives, else 1.</summary>
    public int GroupCount { get; }

    public int TreeCount => _roots.Length;

    public int OutputWidth => Objective.OutputWidth(GroupCount);

    /// <summary>Scores <paramref name="rows"/> rows of <see cref="FeatureCount"/> features (NaN = missing) into
    /// <paramref name="output"/> (<see cref="OutputWidth"/> values per row).</summary>
    public void Predict(ReadOnlySpan<float> features, int rows, Span<float> output, CancellationToken cancellationToken)
    {
        if (features.Length < rows * FeatureCount || output.Length < rows * OutputWidth)
        {
            throw new ArgumentException("The feature or output buffer is smaller than the row count needs.");
        }

        var marginBuffer = ArrayPool<float>.Shared.Rent(RowBlock * GroupCount);
        try
        {
            var margins = marginBuffer.AsSpan(0, RowBlock * GroupCount);
            for (var start = 0; start < rows; start += RowBlock)
            {
                // The invocation timeout cancels long batches between blocks.
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(RowBlock, rows - start);
                var block = features.Slice(start * FeatureCount, count * FeatureCount);
                ScoreBlock(block, count, margins);
                for (var r = 0; r < count; r++)
                {
                    Objective.Transform(
                        margins.Slice(r * GroupCount, GroupCount),
                        output.Slice((start + r) * OutputWidth, OutputWidth));
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(marginBuffer);
        }
    }

    private void ScoreBlock(ReadOnlySpan<float> block, int count, Span<float> margins)
    {
        var groups = GroupCount;
        for (var r = 0; r < count; r++)
        {
            _baseMargins.CopyTo(margins.Slice(r * groups, groups));
        }

        ref var node0 = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref var row0 = ref MemoryMarshal.GetReference(block);
        ref var margin0 = ref MemoryMarshal.GetReference(margins);
        for (var t = 0; t < _roots.Length; t++)
        {
            var root = _roots[t];
            var group = _treeGroups[t];
            for (var r = 0; r < count; r++)
            {
                // Margins accumulate in float32, tree by tree, as xgboost does.
                Unsafe.Add(ref margin0, (r * groups) + group) += Leaf(ref node0, root, ref Unsafe.Add(ref row0, r * FeatureCount));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Leaf(ref TreeNode node0, int index, ref float row)
    {
        while (true)
        {
            ref var node = ref Unsafe.Add(ref node0, index);
            if (node.IsLeaf)
            {
                return node.Value;
            }

            var x = Unsafe.Add(ref row, node.Feature);
            index = float.IsNaN(x) ? node.DefaultChild : x < node.Value ? node.Left : node.Left + 1;
        }
    }
}
