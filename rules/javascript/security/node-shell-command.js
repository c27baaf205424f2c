const express = require('express');
const { exec, execSync, execFile, spawn } = require('child_process');
const childProcess = require('child_process');
const util = require('util');
const shell = require('shelljs');

const router = express.Router();
const execAsync = util.promisify(exec);
const GIT_VERSION = 'git --version';

router.get('/ping', (req, res) => {
  // ruleid: node-shell-command, node-shell-command-tainted
  exec(`ping -c 1 ${req.query.host}`, (err, stdout) => res.send(stdout));
});

router.post('/convert', (req, res) => {
  const input = req.body.file;
  // ruleid: node-shell-command, node-shell-command-tainted
  execSync('convert ' + input + ' /tmp/out.png');
  res.sendStatus(204);
});

router.get('/logs', async (req, res) => {
  // ruleid: node-shell-command, node-shell-command-tainted
  const { stdout } = await execAsync(`tail -n 100 /var/log/app/${req.params.name}.log`);
  res.type('text').send(stdout);
});

function archive(folder) {
  // ruleid: node-shell-command
  return childProcess.execSync(`tar czf /tmp/backup.tgz ${folder}`);
}

function grep(pattern, file) {
  // ruleid: node-shell-command
  return spawn('grep', [pattern, file], { shell: true });
}

function runScript(script) {
  // ruleid: node-shell-command
  return spawn('sh', ['-c', script], { stdio: 'inherit' });
}

function deploy(branch) {
  // ruleid: node-shell-command
  shell.exec(`git checkout ${branch} && npm ci`);
}

function windowsOpen(target) {
  // ruleid: node-shell-command
  return execFile('cmd.exe', ['/c', 'start ' + target]);
}

router.post('/thumbnail', (req, res) => {
  const size = req.body.size;
  // ruleid: node-shell-command, node-shell-command-tainted
  childProcess.exec('convert in.png -resize ' + size + ' out.png', () => res.end());
});

// --- not findings ---

function gitLog(file) {
  // ok: node-shell-command
  return execFile('git', ['log', '--oneline', '--', file]);
}

router.get('/ping-safe', (req, res) => {
  // ok: node-shell-command, node-shell-command-tainted
  execFile('ping', ['-c', '1', '--', String(req.query.host)], (err, stdout) => res.send(stdout));
});

function listFiles(dir) {
  // ok: node-shell-command
  return spawn('ls', ['-la', dir]);
}

function version() {
  // ok: node-shell-command
  return execSync('git rev-parse HEAD').toString().trim();
}

function gitVersion() {
  // ok: node-shell-command
  return execSync(GIT_VERSION);
}

function cleanup() {
  const tmp = '/tmp/build';
  // ok: node-shell-command
  exec(`rm -rf ${tmp}`);
}

function lint(files) {
  // ok: node-shell-command
  return spawn('eslint', files, { shell: false });
}

const pattern = /a+b/;
// ok: node-shell-command
pattern.exec(userInput);

router.get('/count', (req, res) => {
  const lines = parseInt(req.query.lines, 10);
  // The tainted variant stays silent here (parseInt sanitizes); the pattern variant cannot tell.
  // ruleid: node-shell-command
  exec(`tail -n ${lines} /var/log/app.log`, (err, out) => res.send(out));
});

module.exports = router;

const execCommand = require('child_process').exec;
router.post('/ping-legacy', (req, res) => {
  // ruleid: node-shell-command, node-shell-command-tainted
  execCommand('ping -c 2 ' + req.body.address, (err, stdout, stderr) => res.send(stdout + stderr));
});
