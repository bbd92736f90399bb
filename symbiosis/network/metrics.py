"""Structure of a built symbiosis network: degree, connectance, betweenness, redundancy.

The graph (networkx ``DiGraph``) has a node for every tenant of the park and for
every external partner a link reaches; its edges are the built links that carry flow
in the plan, supplier → receiver, or supplier → facility → receiver for a link that
passes through a processing facility (a grinder, a treatment line): the facility is
where the material really goes, and a shared one is a point every such link needs.
Several links between the same two nodes make one edge.

- degree: edges in, out and in all of a node (distinct neighbours in each direction);
- connectance: edges / possible directed edges, E / (N (N − 1)), over all nodes and
  over the active ones (with at least one edge);
- betweenness: networkx's normalised betweenness centrality of the directed graph,
  the share of shortest supply paths between other nodes that pass through a node;
- redundancy: for every receiver × input fed by links (a *dependency*), the number of
  distinct suppliers; for the network, the share of dependencies with two or more.

Works on anything with ``.tables["links"]`` (rows of links.csv) and ``.model`` (the
park model dict): a ``ResultDir`` read back from disk.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

EPS = 1e-9


def flowing_links(result: Any) -> list[dict[str, Any]]:
    """Built links with a flow in the plan."""
    return [r for r in result.tables.get("links", [])
            if r.get("built") and float(r.get("flow") or 0.0) > EPS]


def build_graph(result: Any) -> nx.DiGraph:
    model = result.model or {}
    tenants = model.get("tenants", {})
    g = nx.DiGraph()
    for tid, t in tenants.items():
        g.add_node(tid, kind="facility" if (t or {}).get("processing") else "tenant")
    for row in flowing_links(result):
        for n in (row["from"], row["to"]):
            if n not in g:
                g.add_node(n, kind="partner" if n not in tenants else "tenant")
        via = row.get("via") or None
        hops = [(row["from"], via), (via, row["to"])] if via else [(row["from"], row["to"])]
        for a, b in hops:
            if g.has_edge(a, b):
                g.edges[a, b]["links"].append(row["id"])
            else:
                g.add_edge(a, b, links=[row["id"]])
    return g


def redundancy(result: Any) -> list[dict[str, Any]]:
    """Per receiver × replaced input: its distinct suppliers among the flowing links."""
    groups: dict[tuple[str, str], set[str]] = {}
    for row in flowing_links(result):
        groups.setdefault((row["to"], row["replaces"]), set()).add(row["from"])
    return [{"receiver": r, "input": q, "suppliers": ";".join(sorted(s)), "n_suppliers": len(s)}
            for (r, q), s in sorted(groups.items())]


def network_metrics(result: Any) -> dict[str, Any]:
    """{"network": {...figures of the whole network}, "nodes": [one row per node],
    "dependencies": [receiver × input with its suppliers]}."""
    g = build_graph(result)
    n, e = g.number_of_nodes(), g.number_of_edges()
    between = nx.betweenness_centrality(g, normalized=True) if n > 2 else {v: 0.0 for v in g}
    links = flowing_links(result)
    nodes = []
    for v in sorted(g, key=lambda x: (-between[x], -g.degree(x), x)):
        nodes.append({
            "node": v, "kind": g.nodes[v]["kind"], "in_degree": g.in_degree(v),
            "out_degree": g.out_degree(v), "degree": g.degree(v),
            "betweenness": between[v],
            "links_supplied": sum(1 for r in links if r["from"] == v),
            "links_received": sum(1 for r in links if r["to"] == v),
            "links_through": sum(1 for r in links if r.get("via") == v)})
    active = [v for v in g if g.degree(v) > 0]
    deps = redundancy(result)
    multi = sum(1 for d in deps if d["n_suppliers"] >= 2)
    network = {
        "nodes": n, "active_nodes": len(active), "edges": e, "links": len(links),
        "connectance": e / (n * (n - 1)) if n > 1 else 0.0,
        "connectance_active": e / (len(active) * (len(active) - 1)) if len(active) > 1 else 0.0,
        "mean_degree": 2 * e / n if n else 0.0,
        "max_betweenness_node": nodes[0]["node"] if nodes and nodes[0]["betweenness"] > 0
        else None,
        "max_betweenness": nodes[0]["betweenness"] if nodes else 0.0,
        "dependencies": len(deps), "dependencies_with_alternatives": multi,
        "redundancy_share": multi / len(deps) if deps else None,
        "single_supplier_dependencies": len(deps) - multi,
        "definition": "edges: built links with flow, supplier → facility → receiver; "
                      "connectance = edges / (nodes × (nodes − 1)); redundancy_share = "
                      "share of receiver × input dependencies with ≥ 2 suppliers",
    }
    return {"network": network, "nodes": nodes, "dependencies": deps}
