using Mono.Cecil;
using Mono.Cecil.Cil;

namespace SessionCloser.Tests.Architecture;

/// <summary>
/// Which engine namespace uses which, read from the compiled IL (signatures, fields, attributes and every type,
/// method and field a method body touches), so a dependency hidden in a lambda or a fully qualified name counts too.
/// </summary>
internal sealed class NamespaceGraph
{
    private readonly Dictionary<string, HashSet<string>> _edges = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string To), string> _examples = [];

    private NamespaceGraph(string rootNamespace) => RootNamespace = rootNamespace;

    public string RootNamespace { get; }

    public IReadOnlyDictionary<string, HashSet<string>> Edges => _edges;

    /// <summary>One place that makes the edge, for failure messages: "Type uses Other".</summary>
    public string Example(string from, string to) => _examples.GetValueOrDefault((from, to), "?");

    public static NamespaceGraph Of(string assemblyPath, string rootNamespace)
    {
        var graph = new NamespaceGraph(rootNamespace);
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        foreach (var type in module.GetTypes())
        {
            graph.AddType(type);
        }

        return graph;
    }

    private void AddType(TypeDefinition type)
    {
        var from = NamespaceOf(type);
        if (from is null)
        {
            return;
        }

        _edges.TryAdd(from, []);
        void Use(TypeReference? used) => AddEdge(from, type, used);

        Use(type.BaseType);
        foreach (var i in type.Interfaces)
        {
            Use(i.InterfaceType);
        }

        foreach (var field in type.Fields)
        {
            Use(field.FieldType);
        }

        foreach (var property in type.Properties)
        {
            Use(property.PropertyType);
        }

        foreach (var method in type.Methods)
        {
            Use(method.ReturnType);
            foreach (var parameter in method.Parameters)
            {
                Use(parameter.ParameterType);
            }

            if (!method.HasBody)
            {
                continue;
            }

            foreach (var variable in method.Body.Variables)
            {
                Use(variable.VariableType);
            }

            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t:
                        Use(t);
                        break;
                    case MethodReference m:
                        Use(m.DeclaringType);
                        Use(m.ReturnType);
                        foreach (var p in m.Parameters)
                        {
                            Use(p.ParameterType);
                        }

                        if (m is GenericInstanceMethod g)
                        {
                            foreach (var a in g.GenericArguments)
                            {
                                Use(a);
                            }
                        }

                        break;
                    case FieldReference f:
                        Use(f.DeclaringType);
                        Use(f.FieldType);
                        break;
                    case Instruction or Instruction[] or VariableDefinition or ParameterDefinition or null:
                        break;
                }
            }
        }
    }

    private void AddEdge(string from, TypeDefinition user, TypeReference? used)
    {
        if (used is null)
        {
            return;
        }

        switch (used)
        {
            case GenericInstanceType generic:
                AddEdge(from, user, generic.ElementType);
                foreach (var argument in generic.GenericArguments)
                {
                    AddEdge(from, user, argument);
                }

                return;
            case TypeSpecification specification: // arrays, by-ref, pointers, modifiers
                AddEdge(from, user, specification.ElementType);
                return;
            case GenericParameter:
                return;
        }

        var to = NamespaceOf(used);
        if (to is null || to == from)
        {
            return;
        }

        if (_edges[from].Add(to))
        {
            _examples[(from, to)] = $"{user.FullName} uses {used.FullName}";
        }
    }

    /// <summary>The engine namespace a type lives in (nested and compiler-generated types count as their outermost type's); null outside the engine.</summary>
    private string? NamespaceOf(TypeReference type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        var ns = type.Namespace;
        return ns == RootNamespace || ns.StartsWith(RootNamespace + ".", StringComparison.Ordinal) ? ns : null;
    }

    /// <summary>Every strongly connected set of two or more namespaces (Tarjan), each sorted.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<IReadOnlyList<string>>();
        var next = 0;

        void Visit(string node)
        {
            index[node] = low[node] = next++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var target in _edges.GetValueOrDefault(node, []))
            {
                if (!index.TryGetValue(target, out var targetIndex))
                {
                    Visit(target);
                    low[node] = Math.Min(low[node], low[target]);
                }
                else if (onStack.Contains(target))
                {
                    low[node] = Math.Min(low[node], targetIndex);
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
                if (component.Count > 1)
                {
                    cycles.Add([.. component.Order(StringComparer.Ordinal)]);
                }
            }
        }

        foreach (var node in _edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return cycles;
    }
}
