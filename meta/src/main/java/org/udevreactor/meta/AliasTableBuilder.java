package org.udevreactor.meta;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.udevreactor.meta.proto.AliasTable;
import org.udevreactor.meta.proto.CharClass;

/**
 * Builds an {@link AliasTable}: the compiled patterns of one alias file as a compressed token
 * trie in breadth-first order. Values are kept per pattern in the order depmod stores them in its
 * .bin index (ascending priority, the last inserted first among equals), which is the order
 * libkmod reads them back in.
 */
final class AliasTableBuilder {
    private final Map<String, List<int[]>> valuesByPattern = new LinkedHashMap<>();

    /**
     * Adds one alias line, in file order. {@code pattern} must already be normalised and
     * 7-bit ASCII; {@code priority} is what depmod sorts values by.
     */
    void add(byte[] pattern, int module, int priority) {
        List<int[]> values = valuesByPattern.computeIfAbsent(new String(pattern, StandardCharsets.ISO_8859_1), k -> new ArrayList<>());
        int at = 0;
        while (at < values.size() && values.get(at)[1] < priority) {
            at++;
        }
        values.add(at, new int[] {module, priority});
    }

    AliasTable build() {
        ClassTable classes = new ClassTable();
        Node root = new Node(-1);
        for (Map.Entry<String, List<int[]>> e : valuesByPattern.entrySet()) {
            byte[] pattern = e.getKey().getBytes(StandardCharsets.ISO_8859_1);
            int[] tokens = GlobCompiler.compileAlias(pattern, classes);
            String rebuilt = rebuild(tokens, classes);
            if (!rebuilt.equals(e.getKey())) {
                throw new IllegalStateException("alias pattern " + e.getKey() + " does not survive compilation: " + rebuilt);
            }
            Node node = root;
            for (int token : tokens) {
                node = node.children.computeIfAbsent(token, Node::new);
            }
            for (int[] value : e.getValue()) {
                node.values.add(value[0]);
            }
        }
        return layOut(root, classes);
    }

    private static String rebuild(int[] tokens, ClassTable classes) {
        StringBuilder out = new StringBuilder();
        for (int token : tokens) {
            AliasTokens.appendRaw(token, classes, out);
        }
        return out.toString();
    }

    /** Merges single-child chains and writes the nodes breadth-first. */
    private static AliasTable layOut(Node root, ClassTable classes) {
        AliasTable.Builder table = AliasTable.newBuilder();
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        ArrayDeque<Node> queue = new ArrayDeque<>();
        queue.add(root);
        while (!queue.isEmpty()) {
            Node node = queue.poll();
            List<Integer> label = new ArrayList<>();
            if (node.token >= 0) {
                label.add(node.token);
            }
            // A node that has one child and ends no pattern is a link in a chain: fold it in.
            while (node.token >= 0 && node.children.size() == 1 && node.values.isEmpty()) {
                node = node.children.firstEntry().getValue();
                label.add(node.token);
            }
            for (int token : label) {
                AliasTokens.encode(token, labels);
            }
            table.addLabelLength(label.size());
            table.addChildCount(node.children.size());
            table.addValueCount(node.values.size());
            table.addAllValueModule(node.values);
            queue.addAll(node.children.values());
        }
        table.setLabels(ByteString.copyFrom(labels.toByteArray()));
        for (ByteClass c : classes.all()) {
            CharClass.Builder proto = CharClass.newBuilder().setRaw(c.raw());
            Arrays.stream(c.bits()).forEach(proto::addBits);
            table.addClasses(proto);
        }
        return table.build();
    }

    private static final class Node {
        final int token;
        // Token order puts plain literals first, sorted by byte, which lookup relies on.
        final TreeMap<Integer, Node> children = new TreeMap<>();
        final List<Integer> values = new ArrayList<>();

        Node(int token) {
            this.token = token;
        }
    }
}
