from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's own, with its error message in Chinese: Django 5.2 changed that message's
    msgid ("%d" for "%(min_length)d") and its zh_Hans catalogue still has only the old one, so
    the message came out in English."""

    def get_error_message(self) -> str:
        return f"密码长度太短。密码必须包含至少 {self.min_length} 个字符。"
