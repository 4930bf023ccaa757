// Build the expression tree first, then evaluate it recursively.
#include <bits/stdc++.h>
using namespace std;

struct Node {
    char op;  // 0 for a number
    long long val;
    unique_ptr<Node> left, right;
};

long long evaluate(const Node &n) {
    if (n.op == 0) return n.val;
    long long a = evaluate(*n.left), b = evaluate(*n.right);
    switch (n.op) {
        case '+': return a + b;
        case '-': return a - b;
        default: return a * b;
    }
}

int main() {
    vector<unique_ptr<Node>> st;
    string t;
    while (cin >> t) {
        auto node = make_unique<Node>();
        if (t == "+" || t == "-" || t == "*") {
            node->op = t[0];
            node->right = move(st.back());
            st.pop_back();
            node->left = move(st.back());
            st.pop_back();
        } else {
            node->op = 0;
            node->val = stoll(t);
        }
        st.push_back(move(node));
    }
    cout << evaluate(*st.back()) << endl;
}
