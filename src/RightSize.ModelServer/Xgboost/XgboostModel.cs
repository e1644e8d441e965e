using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RightSize.ModelServer.Xgboost;

/// <summary>
/// A loaded gbtree booster. All trees live in one packed node array. Rows are scored in blocks so each tree stays in
/// cache while it scores the block (as xgboost's CPU predictor does), and four rows walk a tree together (or, for a
/// lone row, four trees), branch-free and for the tree's depth, so their memory loads overlap. Nothing is allocated
/// per row.
/// </summary>
internal sealed class XgboostModel
{
    private const int RowBlock = 64;

    private readonly TreeNode[] _nodes;
    private readonly int[] _roots;
    private readonly int[] _treeGroups;
    private readonly int[] _depths;
    private readonly float[] _baseMargins;

    /// <remarks>The reader validates that every split's feature and children are in range: scoring relies on it.</remarks>
    internal XgboostModel(
        XgboostObjective objective, int featureCount, int groupCount, float[] baseMargins, TreeNode[] nodes, int[] roots,
        int[] treeGroups, int[] depths)
    {
        Objective = objective;
        FeatureCount = featureCount;
        GroupCount = groupCount;
        _baseMargins = baseMargins;
        _nodes = nodes;
        _roots = roots;
        _treeGroups = treeGroups;
        _depths = depths;
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
                ScoreBlock(features.Slice(start * FeatureCount, count * FeatureCount), count, margins);
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

        var grouped = count & ~3;
        ref var row0 = ref MemoryMarshal.GetReference(block);
        ref var margin0 = ref MemoryMarshal.GetReference(margins);
        for (var t = 0; t < _roots.Length; t++)
        {
            ScoreFourRows(t, grouped, ref row0, ref Unsafe.Add(ref margin0, _treeGroups[t]));
        }

        for (var r = grouped; r < count; r++)
        {
            ScoreOneRow(ref Unsafe.Add(ref row0, r * FeatureCount), ref Unsafe.Add(ref margin0, r * groups));
        }
    }

    /// <summary>Walks tree <paramref name="t"/> with rows 0 to <paramref name="rows"/> (a multiple of 4), four at a time.</summary>
    private void ScoreFourRows(int t, int rows, ref float row0, ref float margin)
    {
        ref var nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        var (root, depth, width, groups) = (_roots[t], _depths[t], FeatureCount, GroupCount);
        for (var r = 0; r < rows; r += 4)
        {
            ref var a = ref Unsafe.Add(ref row0, r * width);
            ref var b = ref Unsafe.Add(ref a, width);
            ref var c = ref Unsafe.Add(ref b, width);
            ref var d = ref Unsafe.Add(ref c, width);
            int ia = root, ib = root, ic = root, id = root;
            for (var level = 0; level < depth; level++)
            {
                ia = Next(ref nodes, ia, ref a);
                ib = Next(ref nodes, ib, ref b);
                ic = Next(ref nodes, ic, ref c);
                id = Next(ref nodes, id, ref d);
            }

            // Margins accumulate in float32, tree by tree, as xgboost does.
            Unsafe.Add(ref margin, r * groups) += Unsafe.Add(ref nodes, ia).LeafValue;
            Unsafe.Add(ref margin, (r + 1) * groups) += Unsafe.Add(ref nodes, ib).LeafValue;
            Unsafe.Add(ref margin, (r + 2) * groups) += Unsafe.Add(ref nodes, ic).LeafValue;
            Unsafe.Add(ref margin, (r + 3) * groups) += Unsafe.Add(ref nodes, id).LeafValue;
        }
    }

    /// <summary>
    /// Scores one row (single-row requests, and a block's last rows) walking four trees at a time; leaves are still
    /// added in tree order, so the float32 sums are the same.
    /// </summary>
    private void ScoreOneRow(ref float row, ref float margins)
    {
        ref var nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        var t = 0;
        for (; t + 4 <= _roots.Length; t += 4)
        {
            int ia = _roots[t], ib = _roots[t + 1], ic = _roots[t + 2], id = _roots[t + 3];
            var depth = Math.Max(Math.Max(_depths[t], _depths[t + 1]), Math.Max(_depths[t + 2], _depths[t + 3]));
            for (var level = 0; level < depth; level++)
            {
                ia = Next(ref nodes, ia, ref row);
                ib = Next(ref nodes, ib, ref row);
                ic = Next(ref nodes, ic, ref row);
                id = Next(ref nodes, id, ref row);
            }

            Unsafe.Add(ref margins, _treeGroups[t]) += Unsafe.Add(ref nodes, ia).LeafValue;
            Unsafe.Add(ref margins, _treeGroups[t + 1]) += Unsafe.Add(ref nodes, ib).LeafValue;
            Unsafe.Add(ref margins, _treeGroups[t + 2]) += Unsafe.Add(ref nodes, ic).LeafValue;
            Unsafe.Add(ref margins, _treeGroups[t + 3]) += Unsafe.Add(ref nodes, id).LeafValue;
        }

        for (; t < _roots.Length; t++)
        {
            var index = _roots[t];
            for (var level = 0; level < _depths[t]; level++)
            {
                index = Next(ref nodes, index, ref row);
            }

            Unsafe.Add(ref margins, _treeGroups[t]) += Unsafe.Add(ref nodes, index).LeafValue;
        }
    }

    /// <summary>One step down: left when <c>x &lt; threshold</c>, the default side when x is missing; leaves stay put.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Next(ref TreeNode nodes, int index, ref float row)
    {
        ref readonly var node = ref Unsafe.Add(ref nodes, index);
        var x = Unsafe.Add(ref row, node.Feature);
        var right = x < node.Threshold ? 0 : 1;
        var missing = float.IsNaN(x) ? -1 : 0;
        return node.Left + (right ^ ((right ^ node.DefaultRight) & missing));
    }
}
