// A real OpenID provider for socinv's single sign-on tests: oidc-provider (the certified
// Node.js implementation) on 127.0.0.1 only, with a few fixed accounts. Started by
// tests/e2e/test_sso_e2e.py; `npm ci` in tests/oidc (make install) installs it.
//
//   node tests/oidc/provider.mjs   with PORT, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI,
//                                  POST_LOGOUT_REDIRECT_URI in the environment
//
// The login page is oidc-provider's own (devInteractions): a user name (an account below)
// and any password. Consent is taken as given for the one client (a municipality's IdP
// does the same for its own applications). One account, `cecilia`, is the adversary's
// case: the provider re-signs her ID token, with its own key, for another audience
// ("another-application"), as a token issued to another application and replayed to
// socinv would be; socinv must refuse it.
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import Provider from 'oidc-provider';

const env = (name) => {
  const value = process.env[name];
  if (!value) {
    console.error(`provider.mjs: ${name} is not set`);
    process.exit(2);
  }
  return value;
};
const port = Number(env('PORT'));
const issuer = `http://127.0.0.1:${port}`;
const OTHER_AUDIENCE = 'another-application';

const ACCOUNTS = {
  anna: {
    email: 'anna.andersson@exempelkommun.se',
    given_name: 'Anna',
    family_name: 'Andersson',
    preferred_username: 'anna.andersson',
    groups: ['socinv-ekonomer', 'alla-anstallda'],
  },
  bertil: {
    email: 'bertil.berg@exempelkommun.se',
    given_name: 'Bertil',
    family_name: 'Berg',
    preferred_username: 'bertil.berg',
    groups: ['alla-anstallda'],
  },
  cecilia: {
    email: 'cecilia.ceder@exempelkommun.se',
    given_name: 'Cecilia',
    family_name: 'Ceder',
    preferred_username: 'cecilia.ceder',
    groups: ['socinv-ekonomer'],
  },
};

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: 'socinv-test-key', alg: 'RS256', use: 'sig' };

const configuration = {
  clients: [
    {
      client_id: env('CLIENT_ID'),
      client_secret: env('CLIENT_SECRET'),
      redirect_uris: [env('REDIRECT_URI')],
      post_logout_redirect_uris: [env('POST_LOGOUT_REDIRECT_URI')],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  jwks: { keys: [jwk] },
  cookies: { keys: ['socinv-test-provider-cookie-key'] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['given_name', 'family_name', 'preferred_username'],
    groups: ['groups'],
  },
  scopes: ['openid', 'email', 'profile', 'groups'],
  // the groups in the ID token as well as at the userinfo endpoint (as Entra ID does)
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource(ctx, form) {
        ctx.body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign out</title></head>
<body><h1>Sign out from the test provider?</h1>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button></body></html>`;
      },
    },
  },
  async findAccount(ctx, id) {
    const account = ACCOUNTS[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email_verified: true, ...account };
      },
    };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile groups');
    await grant.save();
    return grant;
  },
  ttl: { Session: 3600, Interaction: 600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
};

const provider = new Provider(issuer, configuration);

// The adversary's case: Cecilia's ID token re-signed for another audience.
provider.use(async (ctx, next) => {
  await next();
  if (ctx.path !== '/token' || !ctx.body || typeof ctx.body !== 'object' || !ctx.body.id_token) return;
  const claims = decodeJwt(ctx.body.id_token);
  if (claims.sub !== 'cecilia') return;
  const header = decodeProtectedHeader(ctx.body.id_token);
  ctx.body.id_token = await new SignJWT({ ...claims, aud: OTHER_AUDIENCE })
    .setProtectedHeader({ alg: header.alg, kid: header.kid, typ: header.typ })
    .sign(privateKey);
});

createServer(provider.callback()).listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening at ${issuer}`);
});
