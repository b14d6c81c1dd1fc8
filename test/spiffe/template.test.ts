import {
  dnsNameTemplateProblem, selectorTemplateProblem, spiffeIdTemplateProblem, templateSyntaxProblem,
} from '../../src/spiffe/template';

const ISTIO_ID = 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}';
const PARENT_ID = 'spiffe://{{ .TrustDomain }}/spire/agent/k8s_psat/{{ .ClusterName }}/{{ .NodeMeta.UID }}';
const PARENT_ROOTS = ['TrustDomain', 'ClusterName', 'ClusterDomain', 'NodeMeta', 'NodeSpec'];

describe('templateSyntaxProblem', () => {
  test.each([
    ISTIO_ID,
    PARENT_ID,
    'k8s:ns:{{ .PodMeta.Namespace }}',
    '{{ index .PodMeta.Labels "app.kubernetes.io/name" }}',
    '{{- if eq .PodMeta.Namespace "x" -}}a{{- else -}}b{{- end -}}',
    '{{/* a comment with {{ braces }} and "quotes */}}text',
    '{{- /* trimmed comment */ -}}',
    '{{ range $k, $v := .PodMeta.Labels }}{{ $k }}={{ $v }},{{ end }}',
    '{{ range .PodSpec.Containers }}{{ .Name }}{{ .Image }}{{ end }}',
    '{{ range .PodSpec.Containers }}{{ .Name }}{{ else }}{{ .PodMeta.Name }}{{ end }}',
    '{{ with .PodMeta }}{{ .Name }}{{ else with .NodeMeta }}{{ .Name }}{{ end }}',
    '{{ with $m := .PodMeta }}{{ $m.Name }}{{ .Namespace }}{{ end }}',
    '{{ if .PodMeta.Name }}a{{ else if .PodSpec.NodeName }}b{{ else }}c{{ end }}',
    '{{ if $n := .PodMeta.Name }}{{ $n }}{{ else }}{{ $n }}{{ end }}',
    '{{ $.TrustDomain }}',
    '{{ range .PodSpec.Containers }}{{ $.PodMeta.Name }}/{{ .Name }}{{ end }}',
    '{{ printf "%s-%s" .PodMeta.Namespace .PodMeta.Name }}',
    '{{ .PodMeta.Name | printf "%q" | urlquery }}',
    '{{ $ns := .PodMeta.Namespace }}{{ $ns = "x" }}{{ $ns }}',
    '{{ range $i, $c := .PodSpec.Containers }}{{ if $i }},{{ end }}{{ $c.Name }}{{ end }}',
    '{{ range .PodSpec.Containers }}{{ if eq .Name "istio-proxy" }}{{ continue }}{{ end }}{{ break }}{{ end }}',
    '{{ define "sa" }}{{ .ServiceAccountName }}{{ end }}{{ template "sa" .PodSpec }}',
    '{{ block "name" .PodMeta }}{{ .Name }}{{ end }}',
    '{{ index .PodMeta.Labels `app` }}{{ eq \'a\' \'b\' }}{{ slice .PodMeta.Name 0 3 }}{{ len .PodMeta.Labels }}',
    '{{ (index .PodMeta.Labels "a") }}{{ (.PodMeta).Name }}',
    '{{ and (eq .PodMeta.Namespace "a") (not (eq .PodSpec.NodeName "b")) }}',
    '{{ "}}" }}{{ "a\\"}}" }}{{ `}}` }}',
    '{{\n  .PodMeta.Name\n}}',
    '{{ if true }}{{ nil }}{{ end }}{{ -1 }}{{ 1.5e3 }}{{ 0x1F }}',
    'plain text with {single} braces',
    '',
  ])('accepts %j', (template) => {
    expect(templateSyntaxProblem(template)).toBeUndefined();
  });

  test.each<[string, RegExp]>([
    // Data roots, with suggestions.
    ['{{ .Pod.Namespace }}', /^references unknown data "\.Pod\.Namespace"; use \.PodMeta\.Namespace \(templates get \.TrustDomain, \.ClusterName, \.ClusterDomain, \.PodMeta, \.PodSpec, \.NodeMeta, \.NodeSpec\)$/],
    ['{{ .Pod.ServiceAccountName }}', /"\.Pod\.ServiceAccountName"; use \.PodSpec\.ServiceAccountName/],
    ['{{ .Pod.serviceAccount }}', /; use \.PodSpec\.ServiceAccountName/],
    ['{{ .Pod.NodeName }}', /; use \.PodSpec\.NodeName/],
    ['{{ .pod.uid }}', /; use \.PodMeta\.UID/],
    ['{{ .Namespace }}', /^references unknown data "\.Namespace"; use \.PodMeta\.Namespace/],
    ['{{ .Labels.app }}', /; use \.PodMeta\.Labels\.app/],
    ['{{ .ServiceAccount }}', /; use \.PodSpec\.ServiceAccountName/],
    ['{{ .ServiceAccountName }}', /; use \.PodSpec\.ServiceAccountName/],
    ['{{ .NodeName }}', /; use \.PodSpec\.NodeName/],
    ['{{ .Node.Name }}', /"\.Node\.Name"; use \.NodeMeta\.Name/],
    ['{{ .Node.ProviderID }}', /; use \.NodeSpec\.ProviderID/],
    ['{{ .Metadata.Name }}', /; use \.PodMeta\.Name/],
    ['{{ .Spec.NodeName }}', /; use \.PodSpec\.NodeName/],
    ['{{ .Cluster }}', /; use \.ClusterName/],
    ['{{ .Domain }}', /; use \.ClusterDomain/],
    ['{{ .trustDomain }}', /^references unknown data "\.trustDomain"; use \.TrustDomain/],
    ['{{ .PODMETA.Name }}', /; use \.PodMeta\.Name/],
    ['{{ .Foo }}', /^references unknown data "\.Foo" \(templates get/],
    ['{{ $.Pod.Name }}', /^references unknown data "\$\.Pod\.Name"; use \$\.PodMeta\.Name/],
    ['{{ range .PodSpec.Containers }}{{ $.Pod.Name }}{{ end }}', /"\$\.Pod\.Name"; use \$\.PodMeta\.Name/],
    ['{{ range .PodSpec.Containers }}{{ else }}{{ .Foo }}{{ end }}', /^references unknown data "\.Foo"/],
    ['{{ range .Pod.Containers }}{{ end }}', /"\.Pod\.Containers"; use \.PodSpec\.Containers/],
    ['{{ with .PodMeta }}{{ end }}{{ .Name }}', /"\.Name"; use \.PodMeta\.Name/],
    ['{{ .PodMeta.namespace }}', /^references "\.PodMeta\.namespace", which does not exist; use \.PodMeta\.Namespace \(.*capitalised struct fields\)$/],
    ['{{ .PodMeta.ServiceAccountName }}', /^references "\.PodMeta\.ServiceAccountName", which does not exist; use \.PodSpec\.ServiceAccountName/],
    ['{{ .PodSpec.Namespace }}', /; use \.PodMeta\.Namespace/],
    ['{{ .PodSpec.ServiceAccount }}', /; use \.PodSpec\.ServiceAccountName/],
    ['{{ .NodeSpec.Name }}', /; use \.NodeMeta\.Name/],
    ['{{ .NodeMeta.Taints }}', /; use \.NodeSpec\.Taints/],
    ['{{ .TrustDomain.Name }}', /^references "\.TrustDomain\.Name", but \.TrustDomain is a string without fields; use \.TrustDomain/],
    // Functions.
    ['{{ lower .PodMeta.Name }}', /^calls function "lower", which the controller manager does not provide \(plain Go text\/template: no sprig; built-ins are and, or, not, len, index, slice, print, printf, println, eq, ne, lt, le, gt, ge, html, js, urlquery, call\)$/],
    ['{{ .PodMeta.Name | upper }}', /^calls function "upper"/],
    ['{{ default "x" .PodMeta.Name }}', /^calls function "default"/],
    ['{{ if hasPrefix .PodMeta.Name "a" }}{{ end }}', /^calls function "hasPrefix"/],
    // Delimiters and lexing.
    ['{{ .PodMeta.Name', /^has an unclosed "\{\{" in "\{\{ \.PodMeta\.Name"; close it with "\}\}"/],
    ['a {{ .PodMeta.Name b {{ .PodMeta.Namespace }}', /^has an unclosed "\{\{" in "\{\{ \.PodMeta\.Name b/],
    ['spiffe://{{ .TrustDomain }}/ns/.PodMeta.Namespace }}', /^has "\}\}" without an opening "\{\{" near ".*Namespace \}\}"; add the missing "\{\{"/],
    ['{{ .PodMeta.Name }}}}', /^has "\}\}" without an opening "\{\{"/],
    ['{{ (index .PodMeta.Labels "a" }}', /^has a "\(" without a matching "\)"/],
    ['{{ index .PodMeta.Labels "a") }}', /^has a "\)" without a matching "\("/],
    ['{{ "abc }}', /^has an unterminated string/],
    ['{{ "abc\n" }}', /^has an unterminated string/],
    ['{{ `abc }}', /^has an unterminated raw string/],
    ['{{ \'a }}', /^has an unterminated character/],
    ['{{ .PodMeta.Name / 2 }}', /^contains the character "\/" inside the action "\{\{ \.PodMeta\.Name \/ 2 \}\}"/],
    ['{{ .PodMeta.Name-}}', /^has "-\}\}" without white space before the "-"; write " -\}\}"|without white space/],
    ['{{ /* c */ }}', /^has a comment that does not touch the delimiters/],
    ['{{/* c */ .PodMeta.Name }}', /^has a comment followed by more text before "\}\}"/],
    ['{{/* c */ ', /^has an unclosed "\{\{"/],
    ['{{/* never closed', /^has an unclosed comment/],
    // Blocks.
    ['{{ end }}', /^has \{\{ end \}\} without a matching \{\{ if \}\}/],
    ['{{ if .PodMeta.Name }}x', /^has "\{\{ if \.PodMeta\.Name \}\}" without a matching \{\{ end \}\}/],
    ['{{ range .PodSpec.Containers }}{{ with .Name }}x{{ end }}', /^has "\{\{ range \.PodSpec\.Containers \}\}" without a matching \{\{ end \}\}/],
    ['{{ else }}', /^has \{\{ else \}\} outside \{\{ if \}\}, \{\{ range \}\} or \{\{ with \}\}/],
    ['{{ define "x" }}{{ else }}{{ end }}', /^has \{\{ else \}\} outside/],
    ['{{ if .PodMeta.Name }}{{ else }}{{ else }}{{ end }}', /^has another \{\{ else \}\} after the final \{\{ else \}\}/],
    ['{{ range .PodSpec.Containers }}{{ else if .PodMeta.Name }}{{ end }}', /^has "\{\{ else if \.PodMeta\.Name \}\}", which Go cannot parse here/],
    ['{{ if .PodMeta.Name }}{{ else with .PodSpec }}{{ end }}', /which Go cannot parse here/],
    ['{{ if .PodMeta.Name }}{{ else if }}{{ end }}', /^has \{\{ else if \}\} without a pipeline/],
    ['{{ if }}{{ end }}', /^has \{\{ if \}\} without a pipeline/],
    ['{{ if .PodMeta.Name }}{{ end x }}', /^has text after "end"/],
    ['{{ break }}', /^has \{\{ break \}\} outside a \{\{ range \}\}/],
    ['{{ if .PodMeta.Name }}{{ continue }}{{ end }}', /^has \{\{ continue \}\} outside a \{\{ range \}\}/],
    ['{{ range .PodSpec.Containers }}{{ break 1 }}{{ end }}', /^has text after "break"/],
    ['{{ range .PodSpec.Containers }}{{ block "b" . }}{{ break }}{{ end }}{{ end }}', /^has \{\{ break \}\} outside a \{\{ range \}\}/],
    ['{{ if .PodMeta.Name }}{{ define "x" }}{{ end }}{{ end }}', /^has \{\{ define \}\} inside "\{\{ if \.PodMeta\.Name \}\}" \(Go text\/template: define is only allowed at the top level\)/],
    ['{{ define x }}{{ end }}', /^has \{\{ define \}\} without a quoted template name/],
    ['{{ define "x" . }}{{ end }}', /^has text after the template name/],
    ['{{ template }}', /^has \{\{ template \}\} without a quoted template name/],
    ['{{ template "x" .Pod }}', /^references unknown data "\.Pod"; use \.PodMeta/],
    ['{{ block "b" }}{{ end }}', /^has \{\{ block \}\} without a pipeline/],
    ['{{ block x . }}{{ end }}', /^has \{\{ block \}\} without a quoted template name/],
    ['{{ block "b" .Pod }}{{ end }}', /^references unknown data "\.Pod"/],
    // Variables.
    ['{{ $x }}', /^references undefined variable "\$x"; declare it first with \{\{ \$x := \.\.\. \}\}/],
    ['{{ $x = 1 }}', /^references undefined variable "\$x"/],
    ['{{ if .PodMeta.Name }}{{ $x := 1 }}{{ end }}{{ $x }}', /^references undefined variable "\$x"/],
    ['{{ with $m := .PodMeta }}{{ end }}{{ $m }}', /^references undefined variable "\$m"/],
    ['{{ $y := 1 }}{{ define "d" }}{{ $y }}{{ end }}', /^references undefined variable "\$y"/],
    ['{{ $i, $v := .PodMeta.Labels }}', /^declares two variables in .*, which only \{\{ range \$i, \$v := \.\.\. \}\} may do/],
    // Pipelines.
    ['{{ }}', /^has an empty action "\{\{ \}\}"/],
    ['{{ -}}', /^has an empty action "\{\{ -\}\}"/],
    ['{{- }}', /^has an empty action/],
    // Go reads "{{- " as the left marker, so the "-" that follows is not a right marker.
    ['{{- -}}', /^has "-\}\}" without white space before the "-"/],
    ['{{ $x := }}', /^has no value in "\{\{ \$x := \}\}"/],
    ['{{ | printf "x" }}', /^has an empty command before "\|"/],
    ['{{ .PodMeta.Name | }}', /^has an empty command after "\|"/],
    ['{{ .PodMeta.Name || printf "%s" }}', /^has an empty command after "\|"/],
    ['{{ () }}', /^has an empty command after "\("/],
    ['{{ .PodMeta.Name := 1 }}', /^has ":=" where Go expects a value .*; declare variables at the start/],
    ['{{ printf "%s" .PodMeta.Name, .PodMeta.Namespace }}', /^has "," where Go expects a value/],
    ['{{ .PodMeta.Name if }}', /^has the keyword "if" inside the pipeline "\{\{ \.PodMeta\.Name if \}\}"; it must start the action/],
  ])('rejects %j', (template, problem) => {
    expect(templateSyntaxProblem(template)).toMatch(problem);
  });

  test('problems follow the phrase conventions', () => {
    for (const template of ['{{ .Pod.Name }}', '{{ lower .X }}', '{{ .A', '{{ end }}', '{{ $x }}', '{{ }}', '{{ (.A }}', '{{ /* */ }}']) {
      const problem = templateSyntaxProblem(template)!;
      expect(problem).toMatch(/^(must|is|has|contains|references|calls|declares) /);
      expect(problem).toMatch(/\)$/);
    }
  });

  test('the parent-ID template only gets node and cluster data', () => {
    const options = { allowedRoots: PARENT_ROOTS };
    expect(templateSyntaxProblem(PARENT_ID, options)).toBeUndefined();
    expect(templateSyntaxProblem('spiffe://{{ .TrustDomain }}/spire/agent/k8s_psat/{{ .ClusterName }}/{{ .PodMeta.UID }}', options))
      .toMatch(/^references "\.PodMeta\.UID", which is not available in this template \(it only gets \.TrustDomain, \.ClusterName, \.ClusterDomain, \.NodeMeta, \.NodeSpec\)$/);
    // A suggestion is only offered when it is usable here.
    expect(templateSyntaxProblem('{{ .Namespace }}', options)).toMatch(/^references unknown data "\.Namespace" \(templates get \.TrustDomain, \.ClusterName/);
    expect(templateSyntaxProblem('{{ .Node.UID }}', options)).toMatch(/; use \.NodeMeta\.UID/);
    expect(templateSyntaxProblem('{{ .NodeSpec.UID }}', options)).toMatch(/which does not exist; use \.NodeMeta\.UID/);
    expect(templateSyntaxProblem('{{ .PodMeta.Name }}', { allowedRoots: ['PodMeta'] })).toBeUndefined();
    expect(templateSyntaxProblem('{{ .PodSpec.Namespace }}', { allowedRoots: ['PodSpec'] })).toMatch(/which does not exist \(/);
  });

  test('suggested fixes are themselves valid', () => {
    for (const template of ['{{ .Pod.Namespace }}', '{{ .ServiceAccount }}', '{{ .Node.Name }}', '{{ .trustDomain }}', '{{ .PodMeta.namespace }}', '{{ $.Pod.Name }}']) {
      const fix = /; use (\S+)/.exec(templateSyntaxProblem(template)!)![1];
      expect(templateSyntaxProblem(`{{ ${fix} }}`)).toBeUndefined();
    }
  });
});

describe('spiffeIdTemplateProblem', () => {
  test.each([
    ISTIO_ID,
    'spiffe://{{ $.TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
    'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}{{/* Istio shape */}}',
    'spiffe://{{ .TrustDomain }}/app/{{ index .PodMeta.Labels "app.kubernetes.io/name" }}',
    'spiffe://{{ .TrustDomain }}/ns/{{- if eq .PodMeta.Namespace "a" -}} x {{- else -}} y {{- end -}}',
    'spiffe://{{ .TrustDomain }}/ns/ {{- .PodMeta.Namespace }}',
    'spiffe://{{ .TrustDomain }}/spire-workloads/{{ .PodMeta.Name }}',
    'spiffe://{{ .TrustDomain }}/{{ .ClusterName }}/spire/{{ .PodMeta.Name }}',
    'spiffe://{{ .TrustDomain }}/{{ .PodMeta.Name }}.{{ .PodMeta.Namespace }}',
    'spiffe://{{ .TrustDomain }}/{{ range .PodSpec.Containers }}{{ .Name }}{{ end }}',
    'spiffe://example.org/ns/{{ .PodMeta.Namespace }}',
  ])('accepts %j', (template) => {
    expect(spiffeIdTemplateProblem(template)).toBeUndefined();
    expect(spiffeIdTemplateProblem(template, { trustDomain: 'example.org' })).toBeUndefined();
  });

  test.each<[string, RegExp]>([
    ['', /^must not be empty/],
    ['  ', /^must not be empty/],
    ['spiffe://{{ .TrustDomain }}/ns/{{ .Pod.Namespace }}', /^references unknown data "\.Pod\.Namespace"; use \.PodMeta\.Namespace/],
    ['spiffe://{{ .TrustDomain }}/ns/{{ lower .PodMeta.Namespace }}', /^calls function "lower"/],
    ['spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace', /^has an unclosed "\{\{"/],
    ['{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}', /^must start with the literal "spiffe:\/\/", e\.g\. spiffe:\/\/\{\{ \.TrustDomain \}\}/],
    ['spiffe:/{{ .TrustDomain }}/x', /^must start with the literal "spiffe:\/\/"/],
    ['Spiffe://{{ .TrustDomain }}/x', /^must start with the lowercase scheme "spiffe:\/\/"/],
    ['spiffe:///ns/{{ .PodMeta.Namespace }}', /^has an empty trust domain after "spiffe:\/\/"; use spiffe:\/\/\{\{ \.TrustDomain \}\}/],
    ['spiffe://{{ .ClusterName }}.example.org/x', /^builds its trust domain from "\{\{ \.ClusterName \}\}\.example\.org"; use \{\{ \.TrustDomain \}\} or the literal trust domain \(the controller manager only accepts IDs in its own trust domain\)$/],
    ['spiffe://{{ .TrustDomain }}{{ .ClusterName }}/x', /^builds its trust domain from "\{\{ \.TrustDomain \}\}\{\{ \.ClusterName \}\}"/],
    ['spiffe://{{ .ClusterName }}/x', /^builds its trust domain from "\{\{ \.ClusterName \}\}"/],
    ['spiffe://Example.org/x', /^has the trust domain "Example\.org", which must be lowercase; use "example\.org"/],
    ['spiffe://example.org:8443/x', /^has the trust domain "example\.org:8443", which contains ":" \(a port\)/],
    ['spiffe://{{ .TrustDomain }}', /^has no path, but a workload ID needs one, e\.g\. spiffe:\/\/\{\{ \.TrustDomain \}\}\/ns\//],
    ['spiffe://{{ .TrustDomain }}{{/* c */}}', /^has no path/],
    ['spiffe://{{ .TrustDomain }}/ns//{{ .PodMeta.Name }}', /^has an empty path segment \("\/\/"\)/],
    ['spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/', /^ends with "\/"; remove the trailing slash/],
    ['spiffe://{{ .TrustDomain }}/', /^ends with "\/"/],
    ['spiffe://{{ .TrustDomain }}/ns/./{{ .PodMeta.Name }}', /^has a "\." path segment/],
    ['spiffe://{{ .TrustDomain }}/../{{ .PodMeta.Name }}', /^has a "\.\." path segment/],
    ['spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}?x=1', /^has a query \("\?"\)/],
    ['spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}#x', /^has a fragment \("#"\)/],
    ['spiffe://{{ .TrustDomain }}/ns/a%20b', /^contains percent-encoding/],
    ['spiffe://{{ .TrustDomain }}/ns/ {{ .PodMeta.Namespace }}', /^contains a space in its path/],
    ['spiffe://{{ .TrustDomain }}/ns:{{ .PodMeta.Namespace }}', /^contains the character ":" in its path/],
    [PARENT_ID, /^has a path under \/spire, which SPIRE reserves for its agents and servers; .* \(SPIRE: a workload ID needs a non-empty path outside \/spire/],
    ['spiffe://{{ .TrustDomain }}/spire', /^has a path under \/spire/],
    [`spiffe://{{ .TrustDomain }}/${'a'.repeat(2040)}`, /^renders at least 2051 bytes, more than 2048 \(SPIFFE-ID spec: an ID is at most 2048 bytes\)$/],
  ])('rejects %j', (template, problem) => {
    expect(spiffeIdTemplateProblem(template)).toMatch(problem);
  });

  test('a literal trust domain must be SPIRE\'s', () => {
    expect(spiffeIdTemplateProblem('spiffe://other.org/ns/{{ .PodMeta.Namespace }}', { trustDomain: 'example.org' }))
      .toMatch(/^has the literal trust domain "other\.org", not "example\.org"; use \{\{ \.TrustDomain \}\} \(SPIRE only issues IDs in its own trust domain/);
    expect(spiffeIdTemplateProblem('spiffe://other.org/ns/{{ .PodMeta.Namespace }}')).toBeUndefined();
    expect(spiffeIdTemplateProblem('spiffe://{{ .ClusterName }}/x', { trustDomain: 'example.org' }))
      .toMatch(/; use \{\{ \.TrustDomain \}\} or the literal "example\.org"/);
  });

  test('workload: false checks a parent-ID template', () => {
    const options = { workload: false, allowedRoots: PARENT_ROOTS, trustDomain: 'example.org' };
    expect(spiffeIdTemplateProblem(PARENT_ID, options)).toBeUndefined();
    expect(spiffeIdTemplateProblem('spiffe://{{ .TrustDomain }}', options)).toBeUndefined();
    expect(spiffeIdTemplateProblem('spiffe://{{ .TrustDomain }}/spire/agent/k8s_psat/{{ .ClusterName }}/{{ .PodMeta.UID }}', options))
      .toMatch(/not available in this template/);
    expect(spiffeIdTemplateProblem('spiffe://{{ .TrustDomain }}/spire/agent//x', options)).toMatch(/^has an empty path segment/);
  });
});

describe('selectorTemplateProblem', () => {
  test.each([
    'k8s:ns:{{ .PodMeta.Namespace }}',
    'k8s:sa:{{ .PodSpec.ServiceAccountName }}',
    'k8s:pod-label:app:{{ index .PodMeta.Labels "app" }}',
    'k8s:pod-name:{{ .PodMeta.Name }}',
    '{{ .ClusterName }}:x',
    'k8s::',
    'k8s:node-name:{{ .PodSpec.NodeName }}{{/* node */}}',
    '{{- " " -}} k8s:ns:{{ .PodMeta.Namespace }}',
  ])('accepts %j', (template) => {
    expect(selectorTemplateProblem(template)).toBeUndefined();
  });

  test.each<[string, RegExp]>([
    ['', /^must not be empty/],
    ['{{ .PodMeta.Namespace }}', /^has no literal ":" between type and value; write e\.g\. k8s:ns:/],
    [':{{ .PodMeta.Namespace }}', /^has an empty type before ":"/],
    ['k8s:', /^has an empty value after "k8s:"/],
    ['{{ .ClusterName }}:', /^has an empty value after "\{\{ \.ClusterName \}\}:"/],
    [' k8s:ns:{{ .PodMeta.Namespace }}', /^has leading white space/],
    ['k8s:ns:{{ .PodMeta.Namespace }}\n', /^has trailing white space/],
    ['k8s:ns:{{ lower .PodMeta.Namespace }}', /^calls function "lower"/],
    ['k8s:ns:{{ .Namespace }}', /^references unknown data "\.Namespace"; use \.PodMeta\.Namespace/],
  ])('rejects %j', (template, problem) => {
    expect(selectorTemplateProblem(template)).toMatch(problem);
    expect(selectorTemplateProblem(template)).toMatch(/\)$/);
  });
});

describe('dnsNameTemplateProblem', () => {
  test.each([
    '{{ .PodMeta.Name }}.{{ .PodMeta.Namespace }}.svc',
    '{{ .PodSpec.ServiceAccountName }}.{{ .PodMeta.Namespace }}.svc.{{ .ClusterDomain }}',
    '*.{{ .PodMeta.Namespace }}.example.org',
    'web.example.org',
    'Web-1.Example.org',
    '{{ .PodMeta.Name }}',
    '{{ .PodMeta.Name }}-{{ .PodMeta.Namespace }}',
    // SPIRE accepts these (no STD3 rule in x509util.ValidateLabel), so the check does too.
    '{{ .PodMeta.Name }}_web',
    '_grpc._tcp.{{ .PodMeta.Namespace }}.svc',
    '{{ .PodMeta.Name }}x--y.org',
  ])('accepts %j', (template) => {
    expect(dnsNameTemplateProblem(template)).toBeUndefined();
  });

  test.each<[string, RegExp]>([
    ['', /^must not be empty/],
    ['{{/* nothing */}}', /^renders nothing/],
    // SPIRE's own check (src/spiffe/dns-name.ts: x509util.ValidateLabel), as the plan makes it.
    ['.{{ .PodMeta.Name }}', /^has an empty label/],
    ['{{ .PodMeta.Name }}.svc.', /^ends with "\." \("domain ends with dot"\)/],
    ['{{ .PodMeta.Name }}..svc', /^has an empty label/],
    ['{{ .PodMeta.Name }}.*.org', /^has a "\*" that is not a leading "\*\." label/],
    ['*{{ .PodMeta.Name }}.org', /^has a "\*" that is not a leading "\*\." label/],
    ['*.*.org', /^has more than one "\*"/],
    ['*', /^has a "\*" that is not a leading "\*\." label/],
    ['-{{ .PodMeta.Name }}.org', /^has the label "-…", which starts or ends with "-"/],
    ['{{ .PodMeta.Name }}-.org', /^has the label "…-", which starts or ends with "-"/],
    ['ab--{{ .PodMeta.Name }}.org', /^has the label "ab--…", with "--" in positions 3 and 4/],
    ['bücher.{{ .PodMeta.Namespace }}', /^is not ASCII/],
    [`${'a'.repeat(64)}.{{ .PodMeta.Namespace }}`, /^has the label "a+\.\.\.", of 64 characters, more than 63/],
    [`${Array(5).fill('a'.repeat(50)).join('.')}.{{ .PodMeta.Name }}`, /^is at least 256 characters long, more than 253/],
    ['{{ .Pod.Name }}.svc', /^references unknown data "\.Pod\.Name"/],
  ])('rejects %j', (template, problem) => {
    expect(dnsNameTemplateProblem(template)).toMatch(problem);
    expect(dnsNameTemplateProblem(template)).toMatch(/\)$/);
    if (!/references|must not be empty|renders nothing/.test(String(problem))) expect(dnsNameTemplateProblem(template)).toMatch(/x509util\/dns\.go ValidateLabel/);
  });
});

describe('memoisation and speed', () => {
  test('results are memoised per function, template and options', () => {
    const a = templateSyntaxProblem('{{ .Pod.Name }}');
    expect(templateSyntaxProblem('{{ .Pod.Name }}')).toBe(a);
    // The same template can be valid for one function and invalid for another.
    expect(templateSyntaxProblem(PARENT_ID)).toBeUndefined();
    expect(spiffeIdTemplateProblem(PARENT_ID)).toMatch(/\/spire/);
    expect(spiffeIdTemplateProblem(PARENT_ID, { workload: false })).toBeUndefined();
    // Options are part of the key; the order of allowedRoots is not.
    expect(templateSyntaxProblem('{{ .PodMeta.Name }}', { allowedRoots: ['NodeMeta', 'TrustDomain'] })).toMatch(/not available/);
    expect(templateSyntaxProblem('{{ .PodMeta.Name }}', { allowedRoots: ['TrustDomain', 'NodeMeta'] })).toMatch(/not available/);
    expect(templateSyntaxProblem('{{ .PodMeta.Name }}')).toBeUndefined();
    expect(spiffeIdTemplateProblem('spiffe://a.org/x', { trustDomain: 'a.org' })).toBeUndefined();
    expect(spiffeIdTemplateProblem('spiffe://a.org/x', { trustDomain: 'b.org' })).toMatch(/not "b\.org"/);
  });

  test('analyses 10,000 distinct templates quickly', () => {
    const templates = Array.from({ length: 10_000 }, (_, i) => `${ISTIO_ID}/x${i}`);
    const start = Date.now();
    const problems = templates.map((t) => spiffeIdTemplateProblem(t)).filter((p) => p !== undefined);
    const elapsed = Date.now() - start;
    expect(problems).toEqual([]);
    expect(elapsed).toBeLessThan(1500);
  });

  test('10,000 registrations sharing one template cost one analysis', () => {
    const start = Date.now();
    for (let i = 0; i < 10_000; i++) {
      spiffeIdTemplateProblem(ISTIO_ID, { trustDomain: 'example.org' });
      selectorTemplateProblem('k8s:ns:{{ .PodMeta.Namespace }}');
    }
    expect(Date.now() - start).toBeLessThan(500);
  });

  test('a long template is analysed in linear time', () => {
    const big = `spiffe://{{ .TrustDomain }}${'/{{ .PodMeta.Name }}'.repeat(20_000)}`;
    const start = Date.now();
    expect(spiffeIdTemplateProblem(big)).toMatch(/more than 2048/);
    expect(templateSyntaxProblem(`${'{{ if .PodMeta.Name }}'.repeat(5_000)}${'{{ end }}'.repeat(5_000)}`)).toBeUndefined();
    expect(templateSyntaxProblem(`${'{{ .PodMeta.Name }}'.repeat(20_000)}{{ .PodMeta.Name`)).toMatch(/unclosed/);
    expect(Date.now() - start).toBeLessThan(1500);
  });
});
