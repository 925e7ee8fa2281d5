package io.authdesign.servlet;

import io.authdesign.testkit.AdapterUnderTest;
import io.authdesign.testkit.AnonymousStateSuite;
import io.authdesign.testkit.BackchannelLogoutSuite;
import io.authdesign.testkit.ClaimsSupportedSuite;
import io.authdesign.testkit.ClientAuthenticationSuite;
import io.authdesign.testkit.ClientKeySizeAttackSuite;
import io.authdesign.testkit.ClientRegistrationReadmeSuite;
import io.authdesign.testkit.DPoPResourceSuite;
import io.authdesign.testkit.DPoPTokenEndpointSuite;
import io.authdesign.testkit.DeviceVerificationPageSuite;
import io.authdesign.testkit.ExtensionGrantSuite;
import io.authdesign.testkit.FormPostResponseModeSuite;
import io.authdesign.testkit.GrantContextSuite;
import io.authdesign.testkit.HandlerContractSuite;
import io.authdesign.testkit.LifecycleRoutesSuite;
import io.authdesign.testkit.MetadataSuite;
import io.authdesign.testkit.MultipleFlowsSharedAssertionSuite;
import io.authdesign.testkit.MultipleFlowsSuite;
import io.authdesign.testkit.PasswordCheckBoundSuite;
import io.authdesign.testkit.PlainPkceSuite;
import io.authdesign.testkit.ProtectedRoutesSuite;
import io.authdesign.testkit.PushedAuthorizationRequestSuite;
import io.authdesign.testkit.ReadyAuthorizationCodeAttacksSuite;
import io.authdesign.testkit.ReadyAuthorizationCodeFlowSuite;
import io.authdesign.testkit.ReadyClientCredentialsFlowSuite;
import io.authdesign.testkit.ReadyClientCredentialsReadmeSuite;
import io.authdesign.testkit.ReadyDPoPSuite;
import io.authdesign.testkit.ReadyDeviceFlowSuite;
import io.authdesign.testkit.ReadyIdentityAttacksSuite;
import io.authdesign.testkit.RefreshJwtSuite;
import io.authdesign.testkit.RemoteResourceServerSuite;
import io.authdesign.testkit.RequestObjectSuite;
import io.authdesign.testkit.ResourceIndicatorsSuite;
import io.authdesign.testkit.SignInLimitsSuite;
import io.authdesign.testkit.TokenDispatchSuite;
import io.authdesign.testkit.TokenEndpointRequestSuite;
import io.authdesign.testkit.TokenLifecycleSuite;
import io.authdesign.testkit.UnknownKidStoreReadsSuite;
import org.junit.jupiter.api.Nested;

/** The shared black-box HTTP suites against the servlet adapter in embedded Tomcat 11. */
@AdapterUnderTest(TomcatAdapter.class)
class TomcatSuiteTest {

    @Nested
    class AnonymousState extends AnonymousStateSuite {}

    @Nested
    class ClaimsSupported extends ClaimsSupportedSuite {}

    @Nested
    class ClientAuthentication extends ClientAuthenticationSuite {}

    @Nested
    class ClientKeySizeAttack extends ClientKeySizeAttackSuite {}

    @Nested
    class ClientRegistrationReadme extends ClientRegistrationReadmeSuite {}

    @Nested
    class BackchannelLogout extends BackchannelLogoutSuite {}

    @Nested
    class DPoPResource extends DPoPResourceSuite {}

    @Nested
    class DPoPTokenEndpoint extends DPoPTokenEndpointSuite {}

    @Nested
    class ExtensionGrant extends ExtensionGrantSuite {}

    @Nested
    class FormPostResponseMode extends FormPostResponseModeSuite {}

    @Nested
    class GrantContext extends GrantContextSuite {}

    @Nested
    class HandlerContract extends HandlerContractSuite {}

    @Nested
    class Metadata extends MetadataSuite {}

    @Nested
    class MultipleFlowsSharedAssertion extends MultipleFlowsSharedAssertionSuite {}

    @Nested
    class MultipleFlows extends MultipleFlowsSuite {}

    @Nested
    class PasswordCheckBound extends PasswordCheckBoundSuite {}

    @Nested
    class PlainPkce extends PlainPkceSuite {}

    @Nested
    class ProtectedRoutes extends ProtectedRoutesSuite {}

    @Nested
    class PushedAuthorizationRequest extends PushedAuthorizationRequestSuite {}

    @Nested
    class ReadyAuthorizationCodeAttacks extends ReadyAuthorizationCodeAttacksSuite {}

    @Nested
    class ReadyAuthorizationCodeFlow extends ReadyAuthorizationCodeFlowSuite {}

    @Nested
    class ReadyClientCredentialsFlow extends ReadyClientCredentialsFlowSuite {}

    @Nested
    class ReadyClientCredentialsReadme extends ReadyClientCredentialsReadmeSuite {}

    @Nested
    class ReadyDPoP extends ReadyDPoPSuite {}

    @Nested
    class ReadyDeviceFlow extends ReadyDeviceFlowSuite {}

    @Nested
    class RemoteResourceServer extends RemoteResourceServerSuite {}

    @Nested
    class RequestObject extends RequestObjectSuite {}

    @Nested
    class SignInLimits extends SignInLimitsSuite {}

    @Nested
    class TokenDispatch extends TokenDispatchSuite {}

    @Nested
    class TokenEndpointRequest extends TokenEndpointRequestSuite {}

    @Nested
    class TokenLifecycle extends TokenLifecycleSuite {}

    @Nested
    class ResourceIndicators extends ResourceIndicatorsSuite {}

    @Nested
    class RefreshJwt extends RefreshJwtSuite {}

    @Nested
    class ReadyIdentityAttacks extends ReadyIdentityAttacksSuite {}

    @Nested
    class LifecycleRoutes extends LifecycleRoutesSuite {}

    @Nested
    class DeviceVerificationPage extends DeviceVerificationPageSuite {}

    @Nested
    class UnknownKidStoreReads extends UnknownKidStoreReadsSuite {}
}
