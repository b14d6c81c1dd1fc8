// Records what Go's text/template renders for cases.json with the data below, the same shape
// spire-controller-manager passes (pkg/spireentry/entries.go templateData). Run:
//   go run harness.go > expected.json
// The jest test test/plan/go-template.test.ts compares our evaluator with expected.json.
package main

import (
	"bytes"
	"encoding/json"
	"os"
	"text/template"
)

type ObjectMeta struct {
	Name         string
	GenerateName string
	Namespace    string
	UID          string
	Labels       map[string]string
	Annotations  map[string]string
}

type Container struct {
	Name  string
	Image string
}

type PodSpec struct {
	ServiceAccountName string
	NodeName           string
	Hostname           string
	HostNetwork        bool
	Containers         []Container
	InitContainers     []Container
}

type NodeSpec struct {
	PodCIDR string
}

type templateData struct {
	TrustDomain   string
	ClusterName   string
	ClusterDomain string
	PodMeta       *ObjectMeta
	PodSpec       *PodSpec
	NodeMeta      *ObjectMeta
	NodeSpec      *NodeSpec
}

type result struct {
	Template string `json:"template"`
	Status   string `json:"status"`
	Text     string `json:"text,omitempty"`
	Error    string `json:"error,omitempty"`
}

func main() {
	raw, err := os.ReadFile("cases.json")
	if err != nil {
		panic(err)
	}
	var cases []string
	if err := json.Unmarshal(raw, &cases); err != nil {
		panic(err)
	}
	data := &templateData{
		TrustDomain:   "example.org",
		ClusterName:   "demo-cluster",
		ClusterDomain: "cluster.local",
		PodMeta: &ObjectMeta{Name: "web-0", Namespace: "shop", UID: "pod-uid-1",
			Labels: map[string]string{"app": "web", "app.kubernetes.io/name": "shop-web"}},
		PodSpec: &PodSpec{ServiceAccountName: "web", NodeName: "node-a",
			Containers: []Container{{Name: "app", Image: "img:1"}, {Name: "istio-proxy", Image: "proxy:1"}}},
		NodeMeta: &ObjectMeta{Name: "node-a", UID: "node-uid-1"},
		NodeSpec: &NodeSpec{},
	}
	var out []result
	for _, c := range cases {
		r := result{Template: c}
		tmpl, err := template.New("t").Parse(c)
		if err != nil {
			r.Status, r.Error = "error", err.Error()
		} else {
			buf := new(bytes.Buffer)
			if err := tmpl.Execute(buf, data); err != nil {
				r.Status, r.Error = "error", err.Error()
			} else {
				r.Status, r.Text = "rendered", buf.String()
			}
		}
		out = append(out, r)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}
