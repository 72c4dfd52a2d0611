# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Grouping pairs into connected components (union-find), for the whole-database duplicate scan."""


class UnionFind:
    """Disjoint sets of hashable nodes, with path halving and union by size.

    >>> uf = UnionFind()
    >>> uf.union(1, 2); uf.union(3, 2); uf.union(7, 8)
    >>> sorted(sorted(c) for c in uf.components().values())
    [[1, 2, 3], [7, 8]]
    """

    def __init__(self):
        self.parent = {}
        self.size = {}

    def add(self, node, size=1):
        """Add ``node`` alone in its set, counting for ``size`` members (0: already counted elsewhere)."""
        if node not in self.parent:
            self.parent[node] = node
            self.size[node] = size

    def set_size(self, node):
        """How many members the set of ``node`` counts."""
        return self.size[self.find(node)]

    def find(self, node):
        parent = self.parent
        if node not in parent:
            parent[node] = node
            self.size[node] = 1
            return node
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(self, left, right):
        left, right = self.find(left), self.find(right)
        if left == right:
            return left
        if self.size[left] < self.size[right]:
            left, right = right, left
        self.parent[right] = left
        self.size[left] += self.size[right]
        return left

    def __contains__(self, node):
        return node in self.parent

    def __iter__(self):
        return iter(self.parent)

    def components(self):
        """``{root: [nodes]}`` of every set."""
        result = {}
        for node in self.parent:
            result.setdefault(self.find(node), []).append(node)
        return result
