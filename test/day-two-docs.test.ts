// Principle 7 (DESIGN.md): every option says whether it can change after the
// first apply and what that does to a running cluster. This reads the option
// interfaces' TSDoc from source, so a new option without its "Day two:"
// paragraph fails here, before API.md is regenerated.
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** Interfaces whose every property must carry a day-two note, by file. */
const OPTION_INTERFACES: Record<string, string> = {
  'src/spire-props.ts': 'SpireProps',
  'src/components/server/server-options.ts': 'SpireServerOptions',
  'src/components/agent/agent-options.ts': 'SpireAgentOptions',
  'src/components/csi/csi-driver-options.ts': 'SpiffeCsiDriverOptions',
  'src/components/server/controller-manager-options.ts': 'SpireControllerManagerOptions',
  'src/federation/bundle-endpoint-options.ts': 'BundleEndpointOptions',
};

/** Each property of the interface with the TSDoc comment right before it. */
function propertyDocs(file: string, interfaceName: string): Array<[string, string]> {
  const text = fs.readFileSync(path.join(__dirname, '..', file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const declaration = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === interfaceName);
  if (!declaration) throw new Error(`${file} has no interface ${interfaceName}`);
  return declaration.members.filter(ts.isPropertySignature).map(member => {
    const comments = ts.getLeadingCommentRanges(text, member.getFullStart()) ?? [];
    const doc = comments.map(range => text.slice(range.pos, range.end)).filter(c => c.startsWith('/**')).pop() ?? '';
    return [(member.name as ts.Identifier).text, doc];
  });
}

describe.each(Object.entries(OPTION_INTERFACES))('%s', (file, interfaceName) => {
  test(`every property of ${interfaceName} says what changing it after the first apply does`, () => {
    const docs = propertyDocs(file, interfaceName);
    expect(docs.length).toBeGreaterThan(0);
    const missing = docs.filter(([, doc]) => !/\n\s*\*\s*Day two: \S/.test(doc)).map(([name]) => name);
    expect(missing).toEqual([]);
  });
});

test('the options the API server refuses to update say so', () => {
  const server = new Map(propertyDocs('src/components/server/server-options.ts', 'SpireServerOptions'));
  for (const name of ['storageSize', 'storageClassName']) {
    expect(server.get(name)).toMatch(/Day two: cannot change after the first apply/);
    expect(server.get(name)).toMatch(/volumeClaimTemplates/);
  }
  expect(server.get('storageSize')).toMatch(/ValidateStatefulSetUpdate/);
  const spire = new Map(propertyDocs('src/spire-props.ts', 'SpireProps'));
  expect(spire.get('trustDomain')).toMatch(/Day two: cannot change in place/);
});
