// Runs the published @perses-dev/pyroscope-plugin's real getProfileData, with its real
// PyroscopeDatasource.createClient and @perses-dev/core's fetch, over the cases of a JSON file,
// and prints the requests it makes as JSON lines: a header naming the plugin's version, then one
// line per case with the request's method and URL and the datasource selector the plugin asked
// the datasource store for. Only `fetch` is replaced: by a recorder that answers an empty
// profile.
//
// Usage: node render-requests.cjs CASES.json > RECORDING.jsonl
'use strict';

const fs = require('fs');
const path = require('path');

const pluginDir = path.dirname(require.resolve('@perses-dev/pyroscope-plugin/package.json'));
const pluginVersion = require('@perses-dev/pyroscope-plugin/package.json').version;
const coreVersion = require('@perses-dev/core/package.json').version;

// The datasource module imports its React options editor, which needs the whole Perses UI;
// createClient does not use it, so the editor module is given as an empty one.
const editor = path.join(pluginDir, 'lib/cjs/plugins/PyroscopeDatasourceEditor.js');
require.cache[editor] = {
  id: editor,
  filename: editor,
  loaded: true,
  exports: { PyroscopeDatasourceEditor: function PyroscopeDatasourceEditor() { return null; } },
};
const { PyroscopeDatasource } = require(path.join(pluginDir, 'lib/cjs/plugins/pyroscope-datasource.js'));
const { getProfileData } = require(
  path.join(pluginDir, 'lib/cjs/plugins/pyroscope-profile-query/get-profile-data.js'),
);

const EMPTY_PROFILE = {
  flamebearer: { names: [], levels: [], numTicks: 0, maxSelf: 0 },
  metadata: { format: 'single', spyName: '', sampleRate: 0, units: '', name: '' },
  timeline: { startTime: 0, samples: [], durationDelta: 0 },
};

let requests = [];
globalThis.fetch = async (url, init) => {
  requests.push({ method: (init && init.method) || 'GET', url: String(url) });
  return new Response(JSON.stringify(EMPTY_PROFILE), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
};

async function run(testCase) {
  requests = [];
  const selectors = [];
  const context = {
    datasourceStore: {
      getDatasourceClient: async (selector) => {
        selectors.push(selector);
        return PyroscopeDatasource.createClient(testCase.datasource, { proxyUrl: testCase.proxyUrl });
      },
    },
  };
  if (testCase.range) {
    context.absoluteTimeRange = { start: new Date(testCase.range.startMs), end: new Date(testCase.range.endMs) };
  }
  await getProfileData(testCase.spec, context);
  return { case: testCase.name, requests, selectors };
}

async function main() {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node render-requests.cjs CASES.json\n');
    process.exit(2);
  }
  const cases = JSON.parse(fs.readFileSync(file, 'utf8'));
  const lines = [
    JSON.stringify({
      generator: 'peers/node/render-requests.cjs',
      oracle: `@perses-dev/pyroscope-plugin@${pluginVersion}`,
      core: `@perses-dev/core@${coreVersion}`,
    }),
  ];
  for (const testCase of cases) {
    lines.push(JSON.stringify(await run(testCase)));
  }
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
