// A real OpenID provider (panva/oidc-provider, OpenID Certified) for Labelit's sign-in tests, on
// loopback only. Usage: node provider.js <port> <impostor-port>
//   <port>: the provider Labelit is configured with (issuer http://127.0.0.1:<port>).
//   <impostor-port>: the same provider answering on 127.0.0.1:<impostor-port> but naming itself
//     http://localhost:<impostor-port>, so its tokens carry an issuer Labelit was not configured with.
// Prints one line "ready <port> <impostor-port>" once both listen. Its people (sign in with any
// password; the login is the account id) are in ACCOUNTS below.
import http from 'node:http';
import Provider from 'oidc-provider';

const ACCOUNTS = {
  ann: { email: 'ann@team.example', email_verified: true, name: 'Ann Provider', groups: ['labellers'] },
  mona: { email: 'mona@team.example', email_verified: true, name: 'Mona Manager', groups: ['labellers', 'labelit-managers'] },
  outsider: { email: 'eve@elsewhere.example', email_verified: true, name: 'Eve Outsider', groups: ['labellers'] },
  unverified: { email: 'uma@team.example', email_verified: false, name: 'Uma Unverified', groups: ['labellers'] },
  nogroup: { email: 'ned@team.example', email_verified: true, name: 'Ned Nogroup', groups: [] },
};
// Tests add people by signing in as "<name>@<domain>" with an optional "+unverified" before the @:
// they get that email, in the "labellers" group.
function account(id) {
  if (ACCOUNTS[id]) return ACCOUNTS[id];
  const match = /^([a-z0-9.-]+?)(\+unverified)?@([a-z0-9.-]+)$/.exec(id);
  if (!match) return undefined;
  return { email: `${match[1]}@${match[3]}`, email_verified: !match[2], name: match[1], groups: ['labellers'] };
}

function start(port, issuer) {
  const provider = new Provider(issuer, {
    clients: [{
      client_id: 'labelit',
      client_secret: 'labelit-test-secret',
      redirect_uris: ['http://localhost/signin-oidc'],
      response_types: ['code'],
      grant_types: ['authorization_code'],
    }],
    // Every claim in the ID token too (Labelit also reads userinfo, as with Google or Keycloak).
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      groups: ['groups'],
    },
    scopes: ['openid', 'email', 'profile', 'groups'],
    pkce: { required: () => true },
    findAccount: (ctx, id) => {
      const person = account(id);
      if (!person) return undefined;
      return { accountId: id, claims: () => ({ sub: id, ...person }) };
    },
    cookies: { keys: ['labelit-tests-only'] },
  });
  // The tests' Labelit listens on whatever loopback port it got: any loopback /signin-oidc is
  // accepted (never do this outside a test provider).
  const allowed = (uri) => {
    try {
      const url = new URL(uri);
      return ['localhost', '127.0.0.1'].includes(url.hostname) && url.pathname === '/signin-oidc';
    } catch {
      return false;
    }
  };
  provider.Client.prototype.redirectUriAllowed = allowed;
  provider.proxy = false;
  provider.on('server_error', (ctx, error) => console.error('server_error', error));
  const server = http.createServer(provider.callback());
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server.address().port)));
}

const [port, impostorPort] = process.argv.slice(2).map(Number);
const real = await start(port, `http://127.0.0.1:${port}`);
const impostor = await start(impostorPort, `http://localhost:${impostorPort}`);
console.log(`ready ${real} ${impostor}`);
