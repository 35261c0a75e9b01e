namespace RunnerHarness.Tests.Architecture;

/// <summary>A directed graph of named parts (projects, folders) and the cycles in it.</summary>
internal sealed class DependencyGraph
{
    private readonly SortedDictionary<string, SortedSet<string>> _edges = new(StringComparer.Ordinal);

    /// <summary>Records that <paramref name="from"/> depends on <paramref name="to"/>.</summary>
    public void Add(string from, string to)
    {
        Node(from).Add(to);
        Node(to);
    }

    /// <summary>The parts <paramref name="from"/> depends on directly.</summary>
    public IReadOnlyCollection<string> DependenciesOf(string from) => _edges.TryGetValue(from, out var to) ? to : [];

    /// <summary>
    /// Every cycle as its strongly connected component (parts that reach one another), sorted, each component sorted:
    /// empty when the graph is acyclic. A part that depends on itself is a component of one.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        // Tarjan's algorithm: one depth-first pass, each component found when its root finishes.
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<IReadOnlyList<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in _edges[node])
            {
                if (!index.TryGetValue(next, out _))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next) && index.TryGetValue(next, out var nextIndex))
                {
                    low[node] = Math.Min(low[node], nextIndex);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);

                if (component.Count > 1 || _edges[node].Contains(node))
                {
                    cycles.Add([.. component.Order(StringComparer.Ordinal)]);
                }
            }
        }

        foreach (var node in _edges.Keys)
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return [.. cycles.OrderBy(c => c[0], StringComparer.Ordinal)];
    }

    /// <summary>Each edge as <c>from -> to</c>, for failure messages.</summary>
    public override string ToString() =>
        string.Join(Environment.NewLine, _edges.SelectMany(e => e.Value.Select(to => $"{e.Key} -> {to}")));

    private SortedSet<string> Node(string name)
    {
        if (!_edges.TryGetValue(name, out var to))
        {
            _edges[name] = to = new SortedSet<string>(StringComparer.Ordinal);
        }

        return to;
    }
}
