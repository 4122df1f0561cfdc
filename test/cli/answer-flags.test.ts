import { describe, expect, it } from 'vitest';
import { readAnswers, type AnswerValues } from '../../source/cli/answer-flags.js';
import { checkAnswers, givenFlags } from '../../source/cli/answer-problems.js';
import { expandHosts } from '../../source/cli/host-list.js';
import { UsageError } from '../../source/cli/usage-error.js';

/** The usage error `values` give, or a failure when they are accepted. */
function refusal(values: AnswerValues): string {
  try {
    readAnswers(values);
  } catch (cause) {
    expect(cause).toBeInstanceOf(UsageError);
    return (cause as Error).message;
  }
  throw new Error(`${JSON.stringify(values)} was accepted`);
}

describe('expandHosts', () => {
  it.each([
    ['10.0.0.80,10.0.0.81', ['10.0.0.80', '10.0.0.81']],
    [' 10.0.0.80 , ,10.0.0.81,', ['10.0.0.80', '10.0.0.81']],
    ['10.0.0.80-82', ['10.0.0.80', '10.0.0.81', '10.0.0.82']],
    ['10.0.0.80-10.0.0.81,db3', ['10.0.0.80', '10.0.0.81', 'db3']],
    ['node-1,node-2', ['node-1', 'node-2']],
    // A column pasted into the flag's value, as the wizard's address field takes it.
    ['10.0.0.80\n10.0.0.81 10.0.0.82\r\n', ['10.0.0.80', '10.0.0.81', '10.0.0.82']],
  ])('%j', (text, expected) => {
    expect(expandHosts(text)).toEqual(expected);
  });

  it.each([
    ['10.0.0.82-80', '--hosts 10.0.0.82-80: a range counts up, e.g. 10.0.0.80-82'],
    ['10.0.0.80-300', '--hosts 10.0.0.80-300: an IPv4 number is 0–255, e.g. 10.0.0.80-82'],
    ['10.0.0.80-10.0.1.82', '--hosts 10.0.0.80-10.0.1.82: a range changes only the last number'],
    ['10.0.0.1-200', '--hosts 10.0.0.1-200: 200 servers in one range; give at most 64'],
  ])('%s is refused', (text, message) => {
    expect(() => expandHosts(text)).toThrow(message);
  });
});

describe('readAnswers', () => {
  it('turns every flag into the answer of its wizard question', () => {
    expect(
      readAnswers({
        mode: 'ha',
        hosts: '10.0.0.80-82',
        'ssh-user': 'deploy',
        'ssh-port': '2222',
        'identity-file': '~/.ssh/id_ed25519',
        controllers: '3',
        datanodes: '2,1,1',
        computenodes: '1',
        'base-port': '9000',
        name: 'demo',
        'server-version': '3.00.2',
        package: './DolphinDB_Linux64_V3.00.2.zip',
        license: './dolphindb.lic',
        'deploy-dir': '/data/dolphindb',
        'replication-factor': '2',
        'reliability-level': '1',
        'max-mem-size': '16',
        workers: '8',
        'lan-cluster': true,
        volumes: ['datanode1=/ssd1/dn1, /ssd2/dn1', 'datanode2=/ssd1/dn2'],
        'public-name': ['P1=ddb1.example.com', '10.0.0.82=ddb3.example.com'],
      }),
    ).toEqual({
      mode: 'ha',
      addresses: ['10.0.0.80', '10.0.0.81', '10.0.0.82'],
      sshUser: 'deploy',
      sshPort: 2222,
      identityFile: '~/.ssh/id_ed25519',
      controllers: 3,
      hostDatanodes: [2, 1, 1],
      computenodes: 1,
      basePort: 9000,
      name: 'demo',
      version: '3.00.2',
      package: './DolphinDB_Linux64_V3.00.2.zip',
      license: './dolphindb.lic',
      deployDir: '/data/dolphindb',
      replicationFactor: 2,
      reliabilityLevel: 1,
      maxMemSize: 16,
      workerNum: 8,
      lanCluster: true,
      volumes: { datanode1: '/ssd1/dn1,/ssd2/dn1', datanode2: '/ssd1/dn2' },
      publicNames: { P1: 'ddb1.example.com', P3: 'ddb3.example.com' },
    });
  });

  it('keeps a fractional memory size as written, and a single node needs no name for its volumes', () => {
    expect(readAnswers({ mode: 'single', 'max-mem-size': '1.50', volumes: ['/data1,/data2'] })).toEqual({
      mode: 'single',
      maxMemSize: '1.50',
      volumes: { local8848: '/data1,/data2' },
    });
    expect(readAnswers({ mode: 'single', 'base-port': '8900', volumes: ['/data1'] }).volumes).toEqual({
      local8900: '/data1',
    });
  });

  it.each([
    [
      { mode: 'HA' },
      '--mode HA is not a mode (modes are lower case: ha): use one of single, cluster, pseudo-ha, ha, swarm',
    ],
    [{ 'max-mem-size': '8GB' }, '--max-mem-size 8GB: maxMemSize is in GB, write --max-mem-size 8'],
    [
      { 'max-mem-size': 'lots' },
      '--max-mem-size lots is not a number of GB: give the memory per node, e.g. --max-mem-size 8 (0: no limit)',
    ],
    [
      { workers: 'four' },
      '--workers four is not a whole number: give the worker threads per node, 1 or more (about its CPU cores)',
    ],
    [{ workers: '0' }, '--workers 0 is not a whole number: give the worker threads per node'],
    [
      { 'replication-factor': '0' },
      '--replication-factor 0 is not a whole number: give the number of copies of each chunk, 1 or more',
    ],
    [
      { 'reliability-level': '3' },
      '--reliability-level 3: use 0 (replicas may share a server), 1 (never: survives losing a server) or 2 (spread when possible)',
    ],
    [
      { hosts: 'a,b,c', datanodes: 'two' },
      '--datanodes two: give a whole number from 0 to 64 for every host, or one per host in order, e.g. --datanodes 2,1,1',
    ],
    [{ 'base-port': '88a' }, '--base-port 88a is not a whole number: give a port from 1024 to 65000'],
    [
      { mode: 'ha', volumes: ['/ssd1'] },
      '--volumes /ssd1: name the data node, e.g. --volumes datanode1=/ssd1/datanode1,/ssd2/datanode1',
    ],
    [
      { mode: 'ha', volumes: ['datanode1=data'] },
      '--volumes datanode1=data: "data" cannot be a volume: it is not absolute (start it with /); e.g. /ssd1/datanode1',
    ],
    [{ mode: 'ha', volumes: ['datanode1=/a b'] }, 'contains a space'],
    [{ mode: 'ha', volumes: ['datanode1=/a', 'datanode1=/b'] }, '--volumes names datanode1 twice'],
    [
      { hosts: 'a,b', 'public-name': ['ddb.example.com'] },
      '--public-name ddb.example.com: name the server, e.g. --public-name P1=ddb1.example.com',
    ],
    [{ 'public-name': ['P1=not a name'] }, '"not a name" is not an address or domain name'],
    [
      { hosts: '10.0.0.80,10.0.0.81', 'public-name': ['10.0.0.99=x.example.com'] },
      '--public-name 10.0.0.99=x.example.com: 10.0.0.99 is not a server; name it P1, P2, … (in --hosts order) or by its address in --hosts',
    ],
    [{ name: '  ' }, '--name needs a value on one line, e.g. --name demo'],
  ] as [AnswerValues, string][])('%j is refused naming the flag and the fix', (values, message) => {
    expect(refusal(values)).toContain(message);
  });
});

describe('checkAnswers', () => {
  const check = (values: AnswerValues) => checkAnswers(readAnswers(values), givenFlags(values));

  it('names the flag behind each rule the topology breaks', () => {
    expect(check({ mode: 'ha', hosts: '10.0.0.80-82', 'replication-factor': '4' }).problems).toEqual([
      {
        option: '--replication-factor',
        message: expect.stringContaining('dfsReplicationFactor is 4 but there are 3 data nodes'),
      },
      { option: '--replication-factor', message: expect.stringContaining('no replica can ever be placed') },
    ]);
    expect(
      check({ mode: 'ha', hosts: '10.0.0.80-82', 'reliability-level': '1', datanodes: '1,0,0' }).problems,
    ).toEqual([
      { option: '--datanodes', message: expect.stringContaining('there is 1 data node') },
      { option: '--reliability-level', message: expect.stringContaining('all data nodes run on P1') },
    ]);
    expect(check({ mode: 'ha', hosts: '10.0.0.80-82', volumes: ['datanode7=/ssd1'] }).problems).toEqual([
      {
        option: '--volumes',
        message:
          'datanode7 is not a data node of this layout; the data nodes are datanode1, datanode2, datanode3 (e.g. --volumes datanode1=/ssd1/datanode1)',
      },
    ]);
    expect(
      check({ mode: 'cluster', hosts: '10.0.0.80', 'public-name': ['P4=x.example.com'] }).problems,
    ).toEqual([
      { option: '--public-name', message: expect.stringContaining('P4 is not a server of this layout') },
    ]);
  });

  it('refuses an answer to a question the mode does not ask, instead of leaving it out silently', () => {
    expect(
      check({ mode: 'single', hosts: '10.0.0.80', 'reliability-level': '1', datanodes: '2' }).problems,
    ).toEqual([
      {
        option: '--datanodes',
        message: 'mode single runs one process: leave out --datanodes (mode is single)',
      },
      {
        option: '--reliability-level',
        message: 'mode single keeps one copy of the data: leave out --reliability-level (mode is single)',
      },
    ]);
    expect(check({ mode: 'ha', hosts: '10.0.0.80-82', 'image-archive': './x.tar' }).problems).toEqual([
      {
        option: '--image-archive',
        message: 'only mode swarm runs containers: leave out --image-archive (mode is ha)',
      },
    ]);
  });

  it('says a rule broken in every file once', () => {
    const { problems } = check({ mode: 'swarm', hosts: '10.0.0.80-82', 'lan-cluster': true });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ option: '--lan-cluster', message: expect.stringContaining('UDP') });
  });

  it('without a mode or servers there is no topology to check yet', () => {
    expect(check({ 'max-mem-size': '16' })).toEqual({ topology: undefined, problems: [], warnings: [] });
    expect(check({ mode: 'ha', 'max-mem-size': '16' }).topology).toBeUndefined();
  });
});
