// Writes a STAND-IN DolphinDB server package: `DolphinDB_Linux64_V<version>.zip` with the official
// layout (facts §1.1: server/dolphindb, dolphindb.lic, dolphindb.cfg, dolphindb.dos, web/,
// startSingle.sh, clusterDemo/…), where server/dolphindb is the stand-in test double (build.mjs),
// not DolphinDB. `--size` pads the zip with incompressible random bytes (server/STAND-IN-PADDING.bin,
// stored) to exactly that many bytes, so transfers can be benchmarked at a realistic size.
//
// Usage: npm run stand-in:package -- --version 2.00.11.3 --out FILE|DIR [--size BYTES]
//   --out names the zip file; if it is an existing directory (or ends with /), the zip is written
//   inside it under the official name.
//
// The zip format is written here with Node only (zlib deflateRawSync and crc32): version made by
// Unix, Unix permission bits in the external attributes (so `unzip` restores the executable bit),
// no zip64 (packages must stay below 4 GiB).
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { buildStandIn } from './build.mjs';

const PADDING_NAME = 'server/STAND-IN-PADDING.bin';
const MAX_ZIP = 0xffff_ffff;

function usage(message) {
  process.stderr.write(
    `pack.mjs: ${message}\nusage: npm run stand-in:package -- --version 2.00.11.3 --out FILE|DIR [--size BYTES]\n`,
  );
  process.exit(2);
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i];
    const value = argv[i + 1];
    if (!['--version', '--out', '--size'].includes(name ?? '')) usage(`unknown option ${name}`);
    if (value === undefined) usage(`${name} needs a value`);
    options[name.slice(2)] = value;
  }
  if (!options.version) usage('--version is required');
  if (!/^\d+\.\d+\.\d+(\.\d+)?(_(ABI|JIT))?$/.test(options.version))
    usage(`invalid version ${options.version}`);
  if (!options.out) usage('--out is required');
  if (options.size !== undefined && !/^\d+$/.test(options.size)) usage(`invalid size ${options.size}`);
  return options;
}

/** The files of the package, text from the facts the stand-in is built on. */
function packageFiles(version, executable) {
  const text = (s) => Buffer.from(s, 'utf8');
  return [
    {
      name: 'STAND-IN.txt',
      data: text(
        [
          `This is NOT DolphinDB. It is a stand-in package made by ddb-setup's tests (test/stand-in/pack.mjs)`,
          `in the layout of DolphinDB_Linux64_V${version}.zip, for testing installers where the real server`,
          'cannot be downloaded.',
          '',
          'server/dolphindb is a test double written in TypeScript (test/stand-in/server/) that starts, logs,',
          "fails and answers a few API calls as DolphinDB's documentation says the server does. It stores no",
          'data and runs no DolphinDB scripts beyond the handful an installer needs. Its log files and',
          'version() say that it is a stand-in.',
          '',
          'server/STAND-IN-PADDING.bin holds random bytes so that the package has a realistic size.',
          'server/dolphindb.lic is not a DolphinDB licence; it only has the layout of the community one.',
          '',
        ].join('\n'),
      ),
    },
    { name: 'server/', dir: true },
    { name: 'server/dolphindb', data: readFileSync(executable), mode: 0o755 },
    // The first line of the community licence in the official compose repository (facts §5).
    {
      name: 'server/dolphindb.lic',
      data: text(
        '2042.01.01,8,2,3,Trial Users,0,-1,,1\nddb-setup stand-in licence: not a DolphinDB licence.\n',
      ),
    },
    // facts §1.3: the official single-node dolphindb.cfg.
    {
      name: 'server/dolphindb.cfg',
      data: text(
        'localSite=localhost:8848:local8848\nmode=single\nmaxMemSize=32\nmaxConnections=512\nworkerNum=4\nlocalExecutors=3\n' +
          'dataSync=1\nchunkCacheEngineMemSize=2\nnewValuePartitionPolicy=add\nmaxPubConnections=64\nsubExecutors=4\nsubPort=8849\nlanCluster=0\n',
      ),
    },
    {
      name: 'server/dolphindb.dos',
      data: text('// init script of the ddb-setup stand-in (not DolphinDB): nothing to run\n'),
    },
    // facts §1.2: startSingle.sh.
    {
      name: 'server/startSingle.sh',
      data: text('#!/bin/sh\nnohup ./dolphindb -console 0 > single.nohup 2>&1 &\n'),
      mode: 0o755,
    },
    { name: 'server/web/', dir: true },
    {
      name: 'server/web/index.html',
      data: text(
        `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>DolphinDB (stand-in)</title></head>\n` +
          `<body><h1>DolphinDB ${version} web console (stand-in)</h1><p>ddb-setup stand-in: not DolphinDB. ` +
          'No web console is behind this page.</p></body></html>\n',
      ),
    },
    { name: 'server/modules/', dir: true },
    { name: 'server/plugins/', dir: true },
    { name: 'server/clusterDemo/', dir: true },
    { name: 'server/clusterDemo/config/', dir: true },
    // facts §2.2: the official single-server clusterDemo files.
    {
      name: 'server/clusterDemo/config/controller.cfg',
      data: text(
        'mode=controller\nlocalSite=localhost:8900:controller8900\ndfsReplicationFactor=1\ndfsReplicaReliabilityLevel=2\n' +
          'dataSync=1\nworkerNum=4\nmaxConnections=512\nmaxMemSize=8\nlanCluster=0\n',
      ),
    },
    {
      name: 'server/clusterDemo/config/agent.cfg',
      data: text(
        'mode=agent\nlocalSite=localhost:8901:agent1\ncontrollerSite=localhost:8900:controller8900\nworkerNum=4\nmaxMemSize=4\nlanCluster=0\n',
      ),
    },
    {
      name: 'server/clusterDemo/config/cluster.nodes',
      data: text(
        'localSite,mode\nlocalhost:8901:agent1,agent\nlocalhost:8902:dnode1,datanode\nlocalhost:8903:cnode1,computenode\n',
      ),
    },
    {
      name: 'server/clusterDemo/config/cluster.cfg',
      data: text(
        'maxMemSize=32\nmaxConnections=512\nworkerNum=4\nmaxBatchJobWorker=4\nOLAPCacheEngineSize=2\nTSDBCacheEngineSize=1\n' +
          'newValuePartitionPolicy=add\nmaxPubConnections=64\nsubExecutors=4\nlanCluster=0\nenableChunkGranularityConfig=true\n',
      ),
    },
    // facts §2.7: startController.sh / startAgent.sh as published (reconstructed there too).
    {
      name: 'server/clusterDemo/startController.sh',
      data: text(
        '#!/bin/sh\nexport LD_LIBRARY_PATH=$PWD/../:$LD_LIBRARY_PATH\n' +
          'nohup ./../dolphindb -console 0 -mode controller -home data -script dolphindb.dos -config config/controller.cfg ' +
          '-logFile log/controller.log -nodesFile config/cluster.nodes -clusterConfig config/cluster.cfg > controller.nohup 2>&1 &\n',
      ),
      mode: 0o755,
    },
    {
      name: 'server/clusterDemo/startAgent.sh',
      data: text(
        '#!/bin/sh\nexport LD_LIBRARY_PATH=$PWD/../:$LD_LIBRARY_PATH\n' +
          'nohup ./../dolphindb -console 0 -mode agent -home data -script dolphindb.dos -config config/agent.cfg ' +
          '-logFile log/agent.log > agent.nohup 2>&1 &\n',
      ),
      mode: 0o755,
    },
    {
      name: 'server/clusterDemo/stopAllNode.sh',
      data: text(
        '#!/bin/sh\n# Stops every DolphinDB process of this user with SIGTERM (facts §2.7).\n' +
          "ps -o ruser=userForLongName -e -o pid,ppid,c,time,cmd |grep dolphindb|grep -v grep|grep $USER|awk '{print $2}'| xargs kill -TERM\n",
      ),
      mode: 0o755,
    },
    { name: 'server/clusterDemo/log/', dir: true },
    { name: 'server/clusterDemo/data/', dir: true },
  ];
}

/** MS-DOS date and time of a Date. */
function dosDateTime(date) {
  const time = (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2);
  const day = ((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate();
  return { time, date: day };
}

class ZipWriter {
  constructor(path) {
    this.fd = openSync(path, 'w');
    this.offset = 0;
    this.central = [];
    this.stamp = dosDateTime(new Date());
  }

  write(buffer, position) {
    writeSync(this.fd, buffer, 0, buffer.length, position);
    if (position === undefined) this.offset += buffer.length;
  }

  localHeader({ name, method, crc, compressed, size, needed }) {
    const nameBytes = Buffer.from(name, 'utf8');
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(needed, 4);
    h.writeUInt16LE(0, 6); // flags
    h.writeUInt16LE(method, 8);
    h.writeUInt16LE(this.stamp.time, 10);
    h.writeUInt16LE(this.stamp.date, 12);
    h.writeUInt32LE(crc >>> 0, 14);
    h.writeUInt32LE(compressed, 18);
    h.writeUInt32LE(size, 22);
    h.writeUInt16LE(nameBytes.length, 26);
    h.writeUInt16LE(0, 28); // extra length
    return Buffer.concat([h, nameBytes]);
  }

  record(entry) {
    this.central.push(entry);
  }

  /** A whole entry from memory: directories stored empty, files deflated when that is smaller. */
  add({ name, data = Buffer.alloc(0), dir = false, mode }) {
    const deflated = dir ? data : deflateRawSync(data, { level: 9 });
    const stored = dir || deflated.length >= data.length;
    const entry = {
      name,
      method: stored ? 0 : 8,
      needed: stored ? 10 : 20,
      crc: crc32(data),
      compressed: stored ? data.length : deflated.length,
      size: data.length,
      offset: this.offset,
      mode: dir ? 0o40755 : 0o100000 | (mode ?? 0o644),
      dir,
    };
    this.write(this.localHeader(entry));
    this.write(stored ? data : deflated);
    this.record(entry);
  }

  /** A stored entry of `size` random bytes, written in chunks; the CRC is patched in afterwards. */
  addRandom(name, size) {
    const entry = {
      name,
      method: 0,
      needed: 10,
      crc: 0,
      compressed: size,
      size,
      offset: this.offset,
      mode: 0o100644,
      dir: false,
    };
    const header = this.localHeader(entry);
    this.write(header);
    let crc = 0;
    for (let left = size; left > 0;) {
      const chunk = randomBytes(Math.min(left, 1 << 20));
      crc = crc32(chunk, crc);
      this.write(chunk);
      left -= chunk.length;
    }
    entry.crc = crc;
    const patch = Buffer.alloc(4);
    patch.writeUInt32LE(crc >>> 0);
    this.write(patch, entry.offset + 14);
    this.record(entry);
  }

  finish() {
    const start = this.offset;
    for (const e of this.central) {
      const nameBytes = Buffer.from(e.name, 'utf8');
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE((3 << 8) | 20, 4); // version made by: Unix, 2.0
      h.writeUInt16LE(e.needed, 6);
      h.writeUInt16LE(0, 8);
      h.writeUInt16LE(e.method, 10);
      h.writeUInt16LE(this.stamp.time, 12);
      h.writeUInt16LE(this.stamp.date, 14);
      h.writeUInt32LE(e.crc >>> 0, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(nameBytes.length, 28);
      h.writeUInt16LE(0, 30); // extra
      h.writeUInt16LE(0, 32); // comment
      h.writeUInt16LE(0, 34); // disk
      h.writeUInt16LE(0, 36); // internal attributes
      h.writeUInt32LE(((e.mode << 16) | (e.dir ? 0x10 : 0)) >>> 0, 38); // Unix mode, MS-DOS directory bit
      h.writeUInt32LE(e.offset, 42);
      this.write(Buffer.concat([h, nameBytes]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(0, 4);
    end.writeUInt16LE(0, 6);
    end.writeUInt16LE(this.central.length, 8);
    end.writeUInt16LE(this.central.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    end.writeUInt16LE(0, 20);
    this.write(end);
    closeSync(this.fd);
    return this.offset;
  }
}

/** The zip's size without padding, and what a padding entry costs besides its bytes. */
function sizes(files) {
  let total = 22;
  for (const f of files) {
    const name = Buffer.byteLength(f.name);
    const data = f.data ?? Buffer.alloc(0);
    const deflated = f.dir ? data : deflateRawSync(data, { level: 9 });
    total += 30 + name + Math.min(deflated.length, data.length) + 46 + name;
  }
  return { base: total, paddingOverhead: 30 + 46 + 2 * Buffer.byteLength(PADDING_NAME) };
}

/** Writes the package; returns its path and size. */
export async function pack({ version, out, size }) {
  const serverVersion = version.replace(/_(ABI|JIT)$/, '');
  const fileName = `DolphinDB_Linux64_V${version}.zip`;
  const outPath =
    out.endsWith('/') || (existsSync(out) && statSync(out).isDirectory())
      ? join(resolve(out), fileName)
      : resolve(out);
  mkdirSync(dirname(outPath), { recursive: true });
  const buildDir = mkdtempSync(join(tmpdir(), 'ddb-stand-in-pack-'));
  try {
    const executable = await buildStandIn({ version: serverVersion, outfile: join(buildDir, 'dolphindb') });
    const files = packageFiles(serverVersion, executable);
    const { base, paddingOverhead } = sizes(files);
    let padding;
    if (size !== undefined) {
      if (size > MAX_ZIP) throw new Error(`--size ${size} is 4 GiB or more; the stand-in zip has no zip64`);
      if (size < base + paddingOverhead)
        throw new Error(
          `--size ${size} is smaller than the package itself (${base + paddingOverhead} bytes with the padding entry)`,
        );
      padding = size - base - paddingOverhead;
    }
    const temporary = `${outPath}.partial-${process.pid}`;
    const zip = new ZipWriter(temporary);
    for (const f of files) zip.add(f);
    if (padding !== undefined) zip.addRandom(PADDING_NAME, padding);
    const written = zip.finish();
    renameSync(temporary, outPath);
    return { path: outPath, size: written };
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const options = parseArgs(process.argv.slice(2));
  try {
    const result = await pack({
      version: options.version,
      out: options.out,
      size: options.size === undefined ? undefined : Number(options.size),
    });
    process.stdout.write(`wrote ${result.path} (${result.size} bytes): a STAND-IN package, not DolphinDB\n`);
  } catch (error) {
    process.stderr.write(`pack.mjs: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
