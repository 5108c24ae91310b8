"""Authentication backends that load the signed-in user with their person.

Nearly every page a resident opens reads `request.user.person`; loading both in
one query saves a round trip on each of them.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

User = get_user_model()


class _WithPerson:
    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("person").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class PersonModelBackend(_WithPerson, ModelBackend):
    pass


class PersonAuthenticationBackend(_WithPerson, AuthenticationBackend):
    pass
