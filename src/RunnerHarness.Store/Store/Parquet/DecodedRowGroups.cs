namespace RunnerHarness.Store.Parquet;

/// <summary>
/// The sets of column arrays a Parquet read decodes its row groups into, each taken for one row group and given back
/// once the caller has gone past that row group: while the caller reads one row group's set, the next row group is
/// decoded into another. A read of any length then holds as many row groups' arrays as it has sets, allocated once,
/// instead of new large arrays a row group, which the large-object heap grew by instead of reusing. A read of one file
/// needs two sets (the row group the caller is on, the next one decoding); a fold over a whole store shares three
/// between its files (<see cref="ParquetDecodeSets"/>), so two files decode at once while the caller folds a third.
/// </summary>
internal sealed class DecodedRowGroups
{
    private readonly ParquetColumnValues?[][] _sets;
    private readonly bool[] _taken;
    private readonly Lock _lock = new();

    /// <summary>The <paramref name="setCount"/> sets for a read of <paramref name="columnCount"/> columns, empty until row groups are decoded into them.</summary>
    public DecodedRowGroups(int columnCount, int setCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(setCount, 2);
        _sets = new ParquetColumnValues?[setCount][];
        for (var i = 0; i < setCount; i++)
        {
            _sets[i] = new ParquetColumnValues?[columnCount];
        }

        _taken = new bool[setCount];
    }

    /// <summary>Takes a set no row group holds for the next row group to be decoded into.</summary>
    /// <exception cref="InvalidOperationException">Every set is held: the read started more decodes than it has sets for.</exception>
    public ParquetColumnValues?[] Next()
    {
        lock (_lock)
        {
            var free = Array.IndexOf(_taken, false);
            if (free < 0)
            {
                throw new InvalidOperationException($"All {_sets.Length} decode sets are held by row groups not yet read past; a read may start at most {_sets.Length - 1} decodes ahead of the row group it is on.");
            }

            _taken[free] = true;
            return _sets[free];
        }
    }

    /// <summary>Gives back <paramref name="set"/>, taken by <see cref="Next"/>, once the caller has gone past its row group.</summary>
    /// <exception cref="ArgumentException"><paramref name="set"/> is not one of these sets.</exception>
    public void Release(ParquetColumnValues?[] set)
    {
        lock (_lock)
        {
            for (var i = 0; i < _sets.Length; i++)
            {
                if (ReferenceEquals(_sets[i], set))
                {
                    _taken[i] = false;
                    return;
                }
            }
        }

        throw new ArgumentException($"The set given back is not one of these {_sets.Length} decode sets.", nameof(set));
    }
}
