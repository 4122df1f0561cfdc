import { describe, expect, it } from 'vitest';
import { closeName, editDistance } from '../../source/model/config-catalogue/did-you-mean.js';
import { configParameters, findParameter } from '../../source/model/config-catalogue/parameters.js';
import { parseConfigValue, readNumber } from '../../source/model/config-catalogue/parse-value.js';

/** Parses a value of a catalogue key, failing the test when the key is missing from the catalogue. */
function parse(name: string, value: string | number | boolean) {
  const parameter = findParameter(name);
  if (!parameter) throw new Error(`${name} is not in the catalogue`);
  return parseConfigValue(name, value, parameter);
}

describe('the catalogue table', () => {
  it('names every parameter once, each with files to be written to', () => {
    const names = configParameters.map((parameter) => parameter.name);
    expect(new Set(names).size).toBe(names.length);
    for (const parameter of configParameters)
      expect(parameter.files.length, parameter.name).toBeGreaterThan(0);
  });

  it('knows every key the defaults, the facts file and the seeds write', () => {
    const keys = [
      ...['maxMemSize', 'maxConnections', 'workerNum', 'maxBatchJobWorker', 'OLAPCacheEngineSize'],
      ...['chunkCacheEngineMemSize', 'TSDBCacheEngineSize', 'dataSync', 'newValuePartitionPolicy'],
      ...['maxPubConnections', 'subExecutors', 'lanCluster', 'enableChunkGranularityConfig'],
      ...['dfsReplicationFactor', 'dfsReplicaReliabilityLevel', 'dfsHAMode', 'datanodeRestartInterval'],
      ...['localExecutors', 'webWorkerNum', 'publicName', 'volumes', 'redoLogDir', 'TSDBRedoLogDir'],
      ...[
        'chunkMetaDir',
        'dfsMetaDir',
        'persistenceDir',
        'subPort',
        'streamingHAMode',
        'streamingRaftGroups',
      ],
      ...['streamingHALogDir', 'raftElectionTick', 'dfsRecoveryWaitTime', 'dfsChunkNodeHeartBeatTimeout'],
      ...['perfMonitoring', 'maxFileHandles', 'logLevel', 'enableHTTPS', 'remoteExecutors', 'clusterName'],
    ];
    expect(keys.filter((key) => findParameter(key) === undefined)).toEqual([]);
  });
});

describe('numbers with a unit', () => {
  it('reads a plain number in the unit, keeping the text as written', () => {
    expect(parse('maxMemSize', '1.50')).toEqual({ text: '1.50', number: 1.5 });
    expect(parse('maxMemSize', 8)).toEqual({ text: '8', number: 8 });
    expect(parse('maxMemSize', ' +16 ')).toEqual({
      text: ' +16 ',
      number: 16,
      problem: 'maxMemSize has spaces around its value: write 16',
    });
  });

  it('tells a value written with a unit what to write, and still reads its number', () => {
    expect(parse('maxMemSize', '8GB')).toEqual({
      text: '8GB',
      number: 8,
      problem: 'maxMemSize is in GB: write 8',
    });
    expect(parse('maxMemSize', '512 MB')).toMatchObject({
      number: 0.5,
      problem: 'maxMemSize is in GB: write 0.5',
    });
    expect(parse('datanodeRestartInterval', '2min')).toMatchObject({
      number: 120,
      problem: 'datanodeRestartInterval is in seconds: write 120',
    });
    expect(parse('maxRawScriptLogSize', '1GiB').problem).toBe('maxRawScriptLogSize is in MB: write 1024');
  });

  it('rejects words, exponents and units of the wrong kind', () => {
    expect(parse('maxMemSize', 'eight').problem).toBe(
      'maxMemSize is a number of GB (0 = no limit): write e.g. 8',
    );
    expect(parse('maxMemSize', '8e3').problem).toBe(
      'maxMemSize is a number of GB (0 = no limit): write e.g. 8',
    );
    expect(parse('maxMemSize', '8 seconds').number).toBeUndefined();
  });

  it('checks ranges', () => {
    expect(parse('maxMemSize', '-1').problem).toBe(
      'maxMemSize is -1, but it must be at least 0: write e.g. 8',
    );
    expect(parse('memoryReleaseRate', '11').problem).toBe(
      'memoryReleaseRate is 11, but it must be from 0 to 10: write e.g. 5',
    );
    expect(parse('TSDBCacheEngineSize', '0').problem).toBe(
      'TSDBCacheEngineSize is 0, but it must be more than 0: write e.g. 1',
    );
  });
});

describe('whole numbers', () => {
  it('takes digits only', () => {
    expect(parse('workerNum', '4')).toEqual({ text: '4', number: 4 });
    expect(parse('workerNum', 'four').problem).toBe(
      'workerNum is a whole number of worker threads: write e.g. 4',
    );
    expect(parse('workerNum', '2.5').problem).toBe('workerNum is a whole number of worker threads: write 3');
    expect(parse('workerNum', '0').problem).toBe('workerNum is 0, but it must be at least 1: write e.g. 4');
    expect(parse('subPort', '70000').problem).toBe(
      'subPort is 70000, but it must be from 1024 to 65535: write e.g. 8849',
    );
  });
});

describe('booleans', () => {
  it('takes true, false, 1 and 0; another case gets the lower-case text to write', () => {
    expect(parse('lanCluster', true)).toEqual({ text: 'true' });
    expect(parse('lanCluster', 'TRUE')).toEqual({
      text: 'TRUE',
      problem: 'lanCluster takes true or false, in lower case: write true',
    });
    expect(parse('lanCluster', '0')).toEqual({ text: '0' });
  });

  it('suggests the boolean meant by yes or off', () => {
    expect(parse('lanCluster', 'yes').problem).toBe('lanCluster takes true or false: write true');
    expect(parse('enableHTTPS', 'off').problem).toBe('enableHTTPS takes true or false: write false');
    expect(parse('enableHTTPS', 'maybe').problem).toBe(
      'enableHTTPS takes true or false: write true or false',
    );
  });

  it('reads dataSync as DolphinDB documents it, 0 or 1; true and false get the number to write', () => {
    expect(parse('dataSync', 1)).toEqual({ text: '1', number: 1 });
    expect(parse('dataSync', true)).toEqual({
      text: 'true',
      number: 1,
      problem: 'dataSync takes 0 or 1: write 1',
    });
    expect(parse('dataSync', 'false').problem).toBe('dataSync takes 0 or 1: write 0');
    expect(parse('dataSync', 'yes').problem).toBe('dataSync takes 0 or 1: write 1');
    expect(parse('dataSync', '2').problem).toBe('dataSync takes 0 or 1: write 0 or 1');
  });
});

describe('choices', () => {
  it('takes one of the choices, case-sensitively', () => {
    expect(parse('newValuePartitionPolicy', 'add')).toEqual({ text: 'add' });
    expect(parse('newValuePartitionPolicy', 'ADD').problem).toBe(
      'newValuePartitionPolicy is case-sensitive: write add',
    );
    expect(parse('newValuePartitionPolicy', 'append').problem).toBe(
      'newValuePartitionPolicy takes add, skip or fail: write one of them',
    );
    expect(parse('datanodeRestartLevel', 'crash').problem).toBe(
      'datanodeRestartLevel is case-sensitive: write CRASH',
    );
  });

  it('takes a choice the reference does not call case-sensitive in any case, as written', () => {
    expect(parse('logLevel', 'info')).toEqual({ text: 'info' });
    expect(parse('streamingHAMode', 'Raft')).toEqual({ text: 'Raft' });
    expect(parse('logLevel', 'verbose').problem).toBe(
      'logLevel takes DEBUG, INFO, WARNING or ERROR: write one of them',
    );
  });
});

describe('paths and lists', () => {
  it('asks for the directories of volumes without spaces', () => {
    expect(parse('volumes', ' /ssd1/<ALIAS> , /ssd2/<ALIAS>').problem).toBe(
      'volumes is a comma-separated list without spaces: write /ssd1/<ALIAS>,/ssd2/<ALIAS>',
    );
    expect(parse('volumes', '/ssd1/<ALIAS>,/ssd2/<ALIAS>')).toEqual({ text: '/ssd1/<ALIAS>,/ssd2/<ALIAS>' });
    expect(parse('persistenceDir', '/data/stream')).toEqual({ text: '/data/stream' });
  });

  it('checks each item of a list against its shape', () => {
    expect(parse('preloadModules', 'plugins::mysql,system::log::fileLog')).toEqual({
      text: 'plugins::mysql,system::log::fileLog',
    });
    expect(parse('preloadModules', 'plugins::mysql,,x').problem).toBe(
      'preloadModules has an empty item between commas: remove the extra comma',
    );
    expect(parse('streamingRaftGroups', '2:dn1:dn2:dn3,three:dn4').problem).toBe(
      'streamingRaftGroups item "three:dn4" is not a Raft group id:alias:alias…, e.g. 2:datanode1:datanode2:datanode3',
    );
    expect(parse('publicName', 'db example.com').problem).toBe(
      'publicName "db example.com" is not an IP address or domain name, e.g. db.example.com',
    );
  });
});

describe('values that could run a command or split the line', () => {
  it.each([
    ['maxMemSize', '1$(touch /tmp/pwned)', '$('],
    ['publicName', 'db.example.com`id`', '`'],
    ['clusterName', 'a;reboot', ';'],
    ['oauthClientId', "abc' && rm -rf / '", "'"],
    ['s3Region', 'us-east-1|sh', '|'],
    ['preloadModules', 'plugins::mysql\u0007', '\u0007'],
  ])('%s = %j is refused', (name, value, shown) => {
    expect(parse(name, value).problem).toBe(
      `${name} contains ${JSON.stringify(shown)}: a config value may not hold control characters or $ \` ; | & \\ ' " < > (apart from <ALIAS>), which a shell or the config line would misread; remove it`,
    );
  });

  it('refuses them for keys the catalogue does not know as well', () => {
    expect(parseConfigValue('futureKey', 'x$(id)', undefined).problem).toContain('contains "$("');
    expect(parseConfigValue('futureKey', 'plain-value', undefined)).toEqual({ text: 'plain-value' });
  });

  it('lets a URL carry & in its query', () => {
    expect(parse('oauthAuthUri', 'https://sso.example.com/auth?a=1&b=2').problem).toBeUndefined();
    expect(parse('oauthAuthUri', 'https://sso.example.com/auth?a=1&b=$(id)').problem).toContain('"$("');
  });
});

describe('numbers for cross-key rules and the text render writes', () => {
  it('reads numbers in the unit of the key, also when written with another unit', () => {
    expect(readNumber('maxMemSize', '8GB')).toBe(8);
    expect(readNumber('OLAPCacheEngineSize', '99')).toBe(99);
    expect(readNumber('maxMemSize', '1$(touch x)')).toBeUndefined();
    expect(readNumber('notInCatalogue', '12')).toBe(12);
  });

  it('never rewrites a value: one DolphinDB would misread as written gets the text to write', () => {
    expect(parse('lanCluster', 'False').problem).toBe(
      'lanCluster takes true or false, in lower case: write false',
    );
    expect(parse('volumes', '/ssd1/ddb, /ssd2/ddb').problem).toBe(
      'volumes is a comma-separated list without spaces: write /ssd1/ddb,/ssd2/ddb',
    );
    expect(parse('maxMemSize', ' 4 ').problem).toBe('maxMemSize has spaces around its value: write 4');
    expect(parse('logLevel', 'info')).toEqual({ text: 'info' });
  });
});

describe('did you mean', () => {
  it('counts one insertion, deletion, substitution or swap as one edit', () => {
    expect(editDistance('maxConnection', 'maxConnections')).toBe(1);
    expect(editDistance('wokrerNum', 'workerNum')).toBe(1);
    expect(editDistance('workNum', 'workerNum')).toBe(2);
  });

  it('finds the name one edit or a case difference away, and nothing farther', () => {
    const known = ['maxConnections', 'maxConnectionPerSite', 'workerNum'];
    expect(closeName('maxConnection', known)).toBe('maxConnections');
    expect(closeName('MAXCONNECTIONS', known)).toBe('maxConnections');
    expect(closeName('workNum', known)).toBeUndefined();
    expect(closeName('workerNum', known)).toBeUndefined();
  });
});
