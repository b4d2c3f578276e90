// A throw-away OpenID Connect provider for the browser tests (npm's oidc-provider).
//   node provider.mjs PORT APP_BASE_URL [NAME]
// Listens on http://127.0.0.1:PORT (that is also the issuer) with one confidential client, `lexheller`,
// whose redirect URIs are APP_BASE_URL/signin-oidc and APP_BASE_URL/signout-callback-oidc, or, for a provider
// configured by NAME among several (Authentication:OpenIdConnect:Providers:NAME), /signin-oidc-NAME and
// /signout-callback-oidc-NAME. Any login name
// typed on the built-in sign-in page is the account id (and its e-mail address); the password is ignored.
// Consent is granted by itself, so a browser only fills the sign-in form. Prints "listening PORT" when ready.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

const [portText, appBaseUrlText, name] = process.argv.slice(2);
const port = Number(portText);
if (!Number.isInteger(port) || port <= 0 || !URL.canParse(appBaseUrlText ?? '')) {
  console.error('usage: node provider.mjs PORT APP_BASE_URL [NAME]');
  process.exit(2);
}
const appBaseUrl = appBaseUrlText.replace(/\/+$/, '');
const issuer = `http://127.0.0.1:${port}`;
const suffix = name ? `-${name}` : '';

// The demo identities' roles; anyone else signs in as a reporter.
const rolesByAccount = new Map([
  ['triager@demo.lexheller.example', ['triager']],
  ['responder.fk@demo.lexheller.example', ['responder']],
  ['reporter@demo.lexheller.example', ['reporter']],
  ['admin@demo.lexheller.example', ['admin']],
]);

function findAccount(_ctx, id) {
  return {
    accountId: id,
    async claims() {
      return {
        sub: id,
        email: id,
        email_verified: true,
        name: id.split('@')[0],
        role: rolesByAccount.get(id) ?? ['reporter'],
      };
    },
  };
}

const scopes = ['openid', 'email', 'profile', 'roles'];

// A first-party client: whatever it asks for is granted without a consent page.
async function loadExistingGrant(ctx) {
  const { Grant } = ctx.oidc.provider;
  const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
  const grant = (grantId && await Grant.find(grantId))
    || new Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
  grant.addOIDCScope([...new Set([...scopes, ...ctx.oidc.requestParamOIDCScopes])].join(' '));
  grant.addOIDCClaims([...ctx.oidc.requestParamClaims]);
  await grant.save();
  return grant;
}

const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'lexheller',
    client_secret: 'lexheller-test-secret',
    application_type: 'web',
    redirect_uris: [`${appBaseUrl}/signin-oidc${suffix}`],
    post_logout_redirect_uris: [`${appBaseUrl}/signout-callback-oidc${suffix}`],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  findAccount,
  loadExistingGrant,
  scopes,
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    roles: ['role'],
  },
  // The claims of the granted scopes go into the ID token too, not only to the userinfo endpoint.
  conformIdTokenClaims: false,
  // Confidential clients may still send PKCE (ASP.NET Core sends S256); only S256 is accepted.
  pkce: { required: () => false },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  jwks: { keys: [{ ...signingKey, use: 'sig', kid: 'lexheller-test' }] },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      // Sign out without the confirmation page: the form is submitted as if "Yes, sign me out" was pressed.
      async logoutSource(ctx, form) {
        ctx.body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Signing out</title></head>
<body>${form.replace('</form>', '<input type="hidden" name="logout" value="yes"></form>')}
<script>document.forms[0].submit()</script></body></html>`;
      },
    },
  },
  // A plain error page that names the error (the default one loads a web font).
  renderError(ctx, out) {
    const text = (value) => String(value ?? '').replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    ctx.type = 'html';
    ctx.body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>oidc-provider error</title></head>
<body><h1>${text(out.error)}</h1><p>${text(out.error_description)}</p></body></html>`;
  },
});

provider.on('server_error', (_ctx, error) => console.error(error));

const server = provider.listen(port, '127.0.0.1', () => console.log(`listening ${port}`));
server.on('error', (error) => {
  console.error(error);
  process.exit(1);
});
